import type { BaselineFigures } from './baseline-figures.ts';
import { splitConfigurations } from './split-configurations.ts';
import type { BillingReport } from './write-billing-report.ts';

const µs = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(0));
const share = (value: number) => `${(value * 100).toFixed(0)}%`;

export function cpuTable({ configurations: all }: BillingReport, base: BaselineFigures): string[] {
  const { offs } = splitConfigurations(all);
  const row = (label: string, c: Readonly<Record<string, number>>, redis: boolean, cpuShare?: Readonly<Record<string, number>>) =>
    `| ${label} | ${µs(c['gateway'])} | ${µs(c['billing'])} | ${µs(c['rest of the stack'])} | ${redis ? µs(c['redis']) : '–'} | ${µs(c['load generator'])} | ` +
    `${cpuShare ? share(cpuShare['gateway'] ?? Number.NaN) : ''} | ${cpuShare ? share(cpuShare['billing'] ?? Number.NaN) : ''} |`;
  return [
    '| configuration | gateway µs | billing µs | rest of the stack µs | Redis µs | load generator µs | gateway, share of a core | billing, share of a core |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    // Redis serves only C's buckets: what it spends during the other runs is other clients'.
    ...all.map(({ label, env, summary: s }) => row(label, s.cpuMicrosPerRequest, env['REDIS_URL'] !== undefined, s.cpuShare)),
    row(`off (mean of ${offs.map((c) => c.key).join(' and ')})`, base.cpuMicrosPerRequest, false),
  ];
}

export function meteringTable({ configurations: all }: BillingReport): string[] {
  return [
    '| configuration | answered | sent | let through by the gateway | counted by billing | billing − gateway | billing − sent | usage { requests } |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...all.map(({ label, served: { answered, sent }, metering: { admitted, billed, usage } }) => {
      const gateway = admitted === undefined ? '–' : String(admitted);
      const difference = admitted === undefined ? '–' : String(billed - admitted);
      return `| ${label} | ${answered} | ${sent} | ${gateway} | ${billed} | ${difference} | ${billed - sent} | ${usage} |`;
    }),
  ];
}
