// A fixed, log-spaced latency histogram (the DDSketch mapping): bin i holds (MIN·γ^(i-1), MIN·γ^i]
// and is reported as 2·MIN·γ^i/(γ+1), which is within RELATIVE_ERROR of every value the bin holds.
// Fixed bins make histograms mergeable by adding arrays, so windows and gateways combine exactly.

/** Smallest latency told apart, in ms; anything at or below it (and NaN or negatives) reads as this. */
export const MIN_LATENCY_MS = 0.1;

/** Largest latency told apart, in ms; anything above it reads as this (a lower bound). */
export const MAX_LATENCY_MS = 60_000;

/** Worst-case relative error of an estimated percentile for latencies between MIN and MAX. */
export const RELATIVE_ERROR = 0.05;

const GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
const LOG_GAMMA = Math.log(GAMMA);
const IN_RANGE = Math.ceil(Math.log(MAX_LATENCY_MS / MIN_LATENCY_MS) / LOG_GAMMA);

/** Bins per histogram: one underflow bin, the log-spaced bins, one overflow bin. */
export const BIN_COUNT = IN_RANGE + 2;

const BIN_VALUES = Float64Array.from({ length: BIN_COUNT }, (_, bin) => {
  if (bin === 0) return MIN_LATENCY_MS;
  if (bin > IN_RANGE) return MAX_LATENCY_MS;
  return (2 * MIN_LATENCY_MS * GAMMA ** bin) / (GAMMA + 1);
});

/** The bin a latency falls in: one division, one logarithm, no allocation. */
export function binOf(ms: number): number {
  // `!(ms > MIN)` also sends NaN and negatives to bin 0: a bad measurement costs accuracy, not a throw.
  if (!(ms > MIN_LATENCY_MS)) return 0;
  const bin = Math.ceil(Math.log(ms / MIN_LATENCY_MS) / LOG_GAMMA);
  return bin > IN_RANGE ? IN_RANGE + 1 : bin;
}

/** The latency a bin stands for (see the mapping above). */
export function binValue(bin: number): number {
  return BIN_VALUES[bin] ?? MAX_LATENCY_MS;
}

/**
 * The nearest-rank `q`-quantile (0 < q ≤ 1) of the values counted in `bins[0..BIN_COUNT)`, or null
 * when `total` is 0. The estimate is within RELATIVE_ERROR of the exact nearest-rank quantile.
 */
export function estimateQuantile(bins: ArrayLike<number>, total: number, q: number): number | null {
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let bin = 0; bin < BIN_COUNT; bin += 1) {
    seen += bins[bin] ?? 0;
    if (seen >= rank) return binValue(bin);
  }
  return MAX_LATENCY_MS;
}
