import { quantile } from './quantile.ts';
import { runConcurrently } from './run-concurrently.ts';

/** A series of equal transfers: how fast together, and how long each took. */
export interface TransferFigures {
  readonly count: number;
  readonly concurrency: number;
  /** Every transfer's bytes together. */
  readonly bytes: number;
  /** From the first transfer's start to the last one's end. */
  readonly wallSeconds: number;
  /** bytes / wallSeconds, in MB/s (10^6 bytes a second). */
  readonly mbPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

/** Figures from each transfer's duration (ms) and the series' wall-clock time. */
function summarizeTransfers(durationsMs: readonly number[], { bytesEach, concurrency }: TransferSeries, wallMs: number): TransferFigures {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const bytes = bytesEach * durationsMs.length;
  return {
    count: durationsMs.length,
    concurrency,
    bytes,
    wallSeconds: wallMs / 1000,
    mbPerSecond: bytes / 1e6 / (wallMs / 1000),
    p50Ms: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

export interface TransferSeries {
  count: number;
  concurrency: number;
  /** The bytes one transfer moves. */
  bytesEach: number;
}

/** Runs `transfer(index)` `count` times, `concurrency` at once, timing each one and the whole. */
export async function timeTransfers(series: TransferSeries, transfer: (index: number) => Promise<void>): Promise<TransferFigures> {
  const started = performance.now();
  const durations = await runConcurrently(series.count, series.concurrency, async (index) => {
    const start = performance.now();
    await transfer(index);
    return performance.now() - start;
  });
  return summarizeTransfers(durations, series, performance.now() - started);
}
