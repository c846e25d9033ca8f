import { baselineFigures, type BaselineFigures } from './baseline-figures.ts';
import { median } from './median.ts';
import type { RoundsSummary } from './summarize-rounds.ts';
import type { BillingReport, MeasuredConfiguration } from './write-billing-report.ts';

const ms = (value: number) => value.toFixed(2);
const µs = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(0));
const ratio = (value: number, of: number) => (value / of).toFixed(3);
const share = (value: number) => `${(value * 100).toFixed(0)}%`;

/** Each counted round's req/s of `s` over the baseline's in the same round. */
export const pairedRatios = (s: RoundsSummary, base: BaselineFigures, counted: readonly number[]) =>
  counted.map((round) => s.perRound[round - 1]!.requestsPerSecond / base.perRound[round - 1]!);

/** The configurations that enforce, those that do not, and the second off stack set against the first (when there are two). */
export function splitConfigurations(all: readonly MeasuredConfiguration[]) {
  const offs = all.filter((c) => c.baseline);
  const ons = all.filter((c) => !c.baseline);
  const control = offs.length === 2 ? { label: `${offs[1]!.key}/${offs[0]!.key}`, first: offs[0]!, second: offs[1]! } : undefined;
  return { offs, ons, control };
}

export function throughputTables({ configurations: all, counted }: BillingReport, base: BaselineFigures): string[] {
  const { offs, ons, control } = splitConfigurations(all);
  const ratioRow = (label: string, s: RoundsSummary, of: BaselineFigures) => {
    const paired = pairedRatios(s, of, counted.rounds);
    return (
      `| ${label} | ${ratio(s.requestsPerSecond, of.requestsPerSecond)} | ${median(paired).toFixed(3)} (${Math.min(...paired).toFixed(3)}–${Math.max(...paired).toFixed(3)}) | ` +
      `${ratio(s.p50Ms, of.p50Ms)} | ${ratio(s.p95Ms, of.p95Ms)} | ${ratio(s.p99Ms, of.p99Ms)} | ` +
      `${ratio(s.cpuMicrosPerRequest['gateway'] ?? Number.NaN, of.cpuMicrosPerRequest['gateway'] ?? Number.NaN)} |`
    );
  };
  return [
    '| configuration | req/s | p50 ms | p95 ms | p99 ms | max ms | requests | non-2xx | wrong bodies | errors | timeouts |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...all.map(({ label, summary: s }) => {
      const p = s.pooled;
      return `| ${label} | ${s.requestsPerSecond.toFixed(0)} | ${ms(s.p50Ms)} | ${ms(s.p95Ms)} | ${ms(s.p99Ms)} | ${ms(p.maxMs)} | ${p.requests} | ${p.non2xx} | ${p.wrongBodies} | ${p.errors} | ${p.timeouts} |`;
    }),
    `| off (mean of ${offs.map((c) => c.key).join(' and ')}) | ${base.requestsPerSecond.toFixed(0)} | ${ms(base.p50Ms)} | ${ms(base.p95Ms)} | ${ms(base.p99Ms)} | | | | | | |`,
    '',
    "| ratio | req/s | req/s, median of the rounds' own ratios (range) | p50 | p95 | p99 | gateway CPU per request |",
    '|---|---:|---:|---:|---:|---:|---:|',
    ...ons.map(({ key, summary }) => ratioRow(`${key}/off`, summary, base)),
    ...(control ? [ratioRow(control.label, control.second.summary, baselineFigures([control.first.summary], counted.rounds))] : []),
  ];
}

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

export function roundTable({ configurations: all, counted }: BillingReport, base: BaselineFigures): string[] {
  const { ons, control } = splitConfigurations(all);
  const ratioNames = [...ons.map(({ key }) => `${key}/off`), ...(control ? [control.label] : [])];
  return [
    `| round | order | ${all.map(({ key }) => `${key} req/s`).join(' | ')} | ${ratioNames.join(' | ')} | other work, share of a core | counted |`,
    `|---:|---|${all.map(() => '---:').join('|')}|${ratioNames.map(() => '---:').join('|')}|---:|---|`,
    ...base.perRound.map((off, index) => {
      const order = [...all].sort((x, y) => x.summary.positions[index]! - y.summary.positions[index]!).map(({ key }) => key);
      const rates = all.map(({ summary }) => summary.perRound[index]!.requestsPerSecond.toFixed(0));
      const rate = (c: MeasuredConfiguration) => c.summary.perRound[index]!.requestsPerSecond;
      const ratios = [...ons.map((c) => ratio(rate(c), off)), ...(control ? [ratio(rate(control.second), rate(control.first))] : [])];
      const work = Math.max(...all.map(({ summary }) => summary.otherWork[index] ?? 0));
      return `| ${index + 1} | ${order.join(' ')} | ${rates.join(' | ')} | ${ratios.join(' | ')} | ${share(work)} | ${counted.rounds.includes(index + 1) ? 'yes' : 'no'} |`;
    }),
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
