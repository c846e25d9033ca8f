import { median } from './median.ts';
import type { RoundsSummary } from './summarize-rounds.ts';

/** The figures of several identical stacks taken together, to compare the others with. */
export interface BaselineFigures {
  /** Medians over the counted rounds of each round's mean over the stacks. */
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  /** Each round's mean req/s over the stacks, in round order. */
  readonly perRound: readonly number[];
  /** The mean over the stacks of their CPU per request, by process name. */
  readonly cpuMicrosPerRequest: Readonly<Record<string, number>>;
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Two stacks started alike differ by several percent (which one starts first, where the kernel
 * puts its memory: seen up to 12% in gateway CPU per request), so the baseline is their mean,
 * round by round, rather than either of them alone.
 */
export function baselineFigures(summaries: readonly RoundsSummary[], counted: readonly number[]): BaselineFigures {
  if (summaries.length === 0) throw new Error('a baseline needs at least one configuration');
  const perRound = summaries[0]!.perRound.map((_, index) => mean(summaries.map((s) => s.perRound[index]!.requestsPerSecond)));
  const countedMedian = (pick: (s: RoundsSummary, index: number) => number) => median(counted.map((round) => mean(summaries.map((s) => pick(s, round - 1)))));
  const names = Object.keys(summaries[0]!.cpuMicrosPerRequest);
  return {
    requestsPerSecond: median(counted.map((round) => perRound[round - 1]!)),
    p50Ms: countedMedian((s, index) => s.perRound[index]!.p50Ms),
    p95Ms: countedMedian((s, index) => s.perRound[index]!.p95Ms),
    p99Ms: countedMedian((s, index) => s.perRound[index]!.p99Ms),
    perRound,
    cpuMicrosPerRequest: Object.fromEntries(names.map((name) => [name, mean(summaries.map((s) => s.cpuMicrosPerRequest[name] ?? Number.NaN))])),
  };
}
