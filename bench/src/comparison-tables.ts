import { baselineFigures, type BaselineFigures } from './baseline-figures.ts';
import { median } from './median.ts';
import { pairedRatios } from './paired-ratios.ts';
import type { CountedRounds } from './pick-quiet-rounds.ts';
import { splitConfigurations, type ComparedConfiguration } from './split-configurations.ts';
import type { RoundsSummary } from './summarize-rounds.ts';

/** Stacks measured over the same rounds, some of them baselines (see splitConfigurations). */
export interface Comparison {
  readonly configurations: readonly ComparedConfiguration[];
  /** The rounds the medians and CPU figures come from. */
  readonly counted: CountedRounds;
}

const ms = (value: number) => value.toFixed(2);
const ratio = (value: number, of: number) => (value / of).toFixed(3);
const share = (value: number) => `${(value * 100).toFixed(0)}%`;

/**
 * Every stack's throughput, latency and wrong answers, the baseline's, then each stack's ratios
 * against it (of the medians, and the median of each round's own) and the control's.
 */
export function throughputTables({ configurations: all, counted }: Comparison, base: BaselineFigures): string[] {
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

/** Every round side by side: the order the stacks ran in, their req/s, the ratios, the other work, whether it counted. */
export function roundTable({ configurations: all, counted }: Comparison, base: BaselineFigures): string[] {
  const { ons, control } = splitConfigurations(all);
  const ratioNames = [...ons.map(({ key }) => `${key}/off`), ...(control ? [control.label] : [])];
  return [
    `| round | order | ${all.map(({ key }) => `${key} req/s`).join(' | ')} | ${ratioNames.join(' | ')} | other work, share of a core | counted |`,
    `|---:|---|${all.map(() => '---:').join('|')}|${ratioNames.map(() => '---:').join('|')}|---:|---|`,
    ...base.perRound.map((off, index) => {
      const order = [...all].sort((x, y) => x.summary.positions[index]! - y.summary.positions[index]!).map(({ key }) => key);
      const rates = all.map(({ summary }) => summary.perRound[index]!.requestsPerSecond.toFixed(0));
      const rate = (c: ComparedConfiguration) => c.summary.perRound[index]!.requestsPerSecond;
      const ratios = [...ons.map((c) => ratio(rate(c), off)), ...(control ? [ratio(rate(control.second), rate(control.first))] : [])];
      const work = Math.max(...all.map(({ summary }) => summary.otherWork[index] ?? 0));
      return `| ${index + 1} | ${order.join(' ')} | ${rates.join(' | ')} | ${ratios.join(' | ')} | ${share(work)} | ${counted.rounds.includes(index + 1) ? 'yes' : 'no'} |`;
    }),
  ];
}
