import { median } from './median.ts';
import { summarizeSamples, type EndpointFigures } from './measure-endpoint.ts';
import type { RoundRun } from './measure-rounds.ts';
import { otherWorkShare } from './other-work-share.ts';

/** One target over its rounds. */
export interface RoundsSummary {
  /** Medians over the counted rounds of each round's own figures. */
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  /** Every round pooled: requests, the worst latency, and the counts of wrong answers. */
  readonly pooled: EndpointFigures;
  /** Each round's figures, in round order (counted or not), so targets can be compared round by round. */
  readonly perRound: readonly EndpointFigures[];
  /** Where the target ran in each round: 1 first, 2 second, … */
  readonly positions: readonly number[];
  /** CPU time per answered request over the counted rounds, in µs, by the names of `processes`. */
  readonly cpuMicrosPerRequest: Readonly<Record<string, number>>;
  /** CPU over the counted rounds as a share of one core, by the names of `processes`: near 1 is a saturated thread. */
  readonly cpuShare: Readonly<Record<string, number>>;
  /** CPU other work on the machine took during each round, as a share of one core. */
  readonly otherWork: readonly number[];
}

export interface SummarizeRoundsOptions {
  /** One target's runs, in round order. */
  runs: readonly RoundRun[];
  /** The rounds the medians and the CPU figures are taken from (see pickQuietRounds). */
  counted: readonly number[];
  /**
   * The names to report (`gateway`, `billing`, …), each mapped to the names of the processes the
   * runs metered that it sums (`rest of the stack` is several; the benchmark's own is shared).
   */
  processes: Readonly<Record<string, readonly string[]>>;
  cores: number;
}

/** Summarises one target's runs: medians and CPU over the counted rounds, the rest over all of them. */
export function summarizeRounds({ runs, counted, processes, cores }: SummarizeRoundsOptions): RoundsSummary {
  const perRound = runs.map((run) => summarizeSamples([run.sample]));
  const countedRuns = runs.filter((run) => counted.includes(run.round));
  const countedFigures = countedRuns.map((run) => summarizeSamples([run.sample]));
  const requests = countedFigures.reduce((sum, figures) => sum + figures.requests, 0);
  const seconds = countedRuns.reduce((sum, run) => sum + run.cpu.seconds, 0);
  const cpuSeconds = (meteredAs: readonly string[]) =>
    countedRuns.reduce((sum, run) => sum + meteredAs.reduce((part, name) => part + (run.cpu.byProcess[name] ?? Number.NaN), 0), 0);
  const byName = (per: (cpu: number) => number) => Object.fromEntries(Object.entries(processes).map(([name, meteredAs]) => [name, per(cpuSeconds(meteredAs))]));
  return {
    requestsPerSecond: median(countedFigures.map((f) => f.requestsPerSecond)),
    p50Ms: median(countedFigures.map((f) => f.p50Ms)),
    p95Ms: median(countedFigures.map((f) => f.p95Ms)),
    p99Ms: median(countedFigures.map((f) => f.p99Ms)),
    pooled: summarizeSamples(runs.map((run) => run.sample)),
    perRound,
    positions: runs.map((run) => run.position),
    cpuMicrosPerRequest: byName((cpu) => (cpu / requests) * 1e6),
    cpuShare: byName((cpu) => cpu / seconds),
    otherWork: runs.map((run) => otherWorkShare(run.cpu, cores)),
  };
}
