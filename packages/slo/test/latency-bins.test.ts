import { describe, expect, it } from 'vitest';
import { BIN_COUNT, binOf, binValue, estimateQuantile } from '../src/latency-bins.ts';
import { MAX_LATENCY_MS, MIN_LATENCY_MS, RELATIVE_ERROR } from '../src/index.ts';

function histogramOf(values: readonly number[]): Uint32Array {
  const bins = new Uint32Array(BIN_COUNT);
  for (const value of values) bins[binOf(value)]! += 1;
  return bins;
}

function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

// A seeded generator (mulberry32), so the "random" distributions are the same on every run.
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function expectWithinError(estimate: number | null, exact: number): void {
  expect(estimate).not.toBeNull();
  expect(Math.abs(estimate! - exact) / exact).toBeLessThanOrEqual(RELATIVE_ERROR + 1e-9);
}

const random = seededRandom(42);
const distributions: { name: string; values: number[] }[] = [
  { name: 'a uniform 1..1000 ms spread', values: Array.from({ length: 1000 }, (_, i) => i + 1) },
  {
    // Median ~50 ms with a long tail, like a real API.
    name: 'a log-normal tail around 50 ms',
    values: Array.from({ length: 20_000 }, () => {
      const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      return 50 * Math.exp(normal);
    }),
  },
  { name: 'cache hits at 2 ms and misses at 800 ms', values: [...Array(900).fill(2), ...Array(100).fill(800)] },
  { name: 'an exponential spread with a 5 ms mean', values: Array.from({ length: 10_000 }, () => -5 * Math.log(1 - random())) },
];

describe('latency bins', () => {
  it.each(distributions)('estimates p50, p95 and p99 within 5% for $name', ({ values }) => {
    const bins = histogramOf(values);
    for (const q of [0.5, 0.95, 0.99]) expectWithinError(estimateQuantile(bins, values.length, q), exactQuantile(values, q));
  });

  it('reads every latency from 0.1 ms to 60 s back within 5%', () => {
    for (let ms = MIN_LATENCY_MS * 1.0001; ms <= MAX_LATENCY_MS; ms *= 1.013) expectWithinError(binValue(binOf(ms)), ms);
  });

  it('reads latencies below 0.1 ms, negative or NaN as 0.1 ms and beyond 60 s as 60 s', () => {
    for (const ms of [0, 0.05, -3, Number.NaN]) expect(binValue(binOf(ms))).toBe(MIN_LATENCY_MS);
    for (const ms of [61_000, 3_600_000, Number.POSITIVE_INFINITY]) expect(binValue(binOf(ms))).toBe(MAX_LATENCY_MS);
  });

  it('has no estimate for an empty histogram', () => {
    expect(estimateQuantile(new Uint32Array(BIN_COUNT), 0, 0.95)).toBeNull();
  });

  it('needs fewer than 140 bins for 5% error over 0.1 ms to 60 s', () => {
    expect(BIN_COUNT).toBeLessThan(140);
  });
});
