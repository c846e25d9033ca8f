import { BIN_COUNT, binOf } from './latency-bins.ts';
import { createKeyTable } from './key-table.ts';

/** Index of the failure count, stored after the latency bins in the same array. */
export const ERRORS = BIN_COUNT;
const LENGTH = BIN_COUNT + 1;
const BUCKET_BYTES = LENGTH * Uint32Array.BYTES_PER_ELEMENT;
const TOTAL_BYTES = LENGTH * Float64Array.BYTES_PER_ELEMENT;

/** Latency histograms per name of one family, over a ring of time buckets. */
export interface KeyedHistograms {
  /** Counts one observation at time `t` (ms, never decreasing between calls). */
  observe(name: string, durationMs: number, ok: boolean, t: number): void;
  /** Per name, the bins then the failure count, summed over the ring (the last bucketCount buckets). */
  totals(t: number): Map<string, Float64Array>;
  /** Names held, `other` included. */
  readonly keyCount: number;
  readonly bytesInUse: number;
  /** What `bytesInUse` can reach: every key in every bucket. */
  readonly bytesLimit: number;
}

export interface KeyedHistogramsOptions {
  maxKeys: number;
  bucketMs: number;
  bucketCount: number;
}

/**
 * Each ring bucket holds, per key index, a histogram allocated the first time that key is seen in
 * that bucket and zeroed (not freed) when the bucket is reused, so the steady state allocates
 * nothing and memory is capped whatever the traffic. A running total per key, added to on observe
 * and subtracted from as buckets expire, makes a snapshot read keys x bins counts, not the ring.
 */
export function createKeyedHistograms({ maxKeys, bucketMs, bucketCount }: KeyedHistogramsOptions): KeyedHistograms {
  const keys = createKeyTable(maxKeys);
  const epochs = new Float64Array(bucketCount).fill(-Infinity);
  const buckets = Array.from({ length: bucketCount }, () =>
    new Array<Uint32Array | undefined>(maxKeys + 1).fill(undefined),
  );
  // Float64: an hour of one hot key can pass 2^32 in one bin; a bucket (a minute) cannot.
  const totals = new Array<Float64Array | undefined>(maxKeys + 1).fill(undefined);
  let current = -Infinity;
  let bytesInUse = 0;

  // Rotates lazily, from observe and totals alike: expires every bucket the clock has passed.
  function advanceTo(slot: number): void {
    if (slot <= current) return;
    for (let next = Math.max(current + 1, slot - bucketCount + 1); next <= slot; next += 1) {
      const row = buckets[next % bucketCount]!;
      for (let key = 0; key <= maxKeys; key += 1) {
        const histogram = row[key];
        if (histogram === undefined) continue;
        const total = totals[key]!;
        for (let bin = 0; bin < LENGTH; bin += 1) total[bin] = total[bin]! - histogram[bin]!;
        histogram.fill(0);
      }
      epochs[next % bucketCount] = next;
    }
    current = slot;
    keys.releaseOlderThan(slot - bucketCount + 1);
  }

  return {
    observe(name, durationMs, ok, t) {
      const slot = Math.floor(t / bucketMs);
      if (slot > current) advanceTo(slot);
      const key = keys.indexOf(name, slot);
      const row = buckets[slot % bucketCount]!;
      let histogram = row[key];
      if (histogram === undefined) {
        row[key] = histogram = new Uint32Array(LENGTH);
        bytesInUse += BUCKET_BYTES;
      }
      let total = totals[key];
      if (total === undefined) {
        totals[key] = total = new Float64Array(LENGTH);
        bytesInUse += TOTAL_BYTES;
      }
      const bin = binOf(durationMs);
      histogram[bin]! += 1;
      total[bin]! += 1;
      if (!ok) {
        histogram[ERRORS]! += 1;
        total[ERRORS]! += 1;
      }
    },
    totals(t) {
      advanceTo(Math.floor(t / bucketMs));
      const byName = new Map<string, Float64Array>();
      for (let key = 0; key <= maxKeys; key += 1) {
        const total = totals[key];
        const name = keys.nameOf(key);
        if (total !== undefined && name !== undefined && hasObservations(total)) byName.set(name, total.slice());
      }
      return byName;
    },
    get keyCount() {
      return keys.size;
    },
    get bytesInUse() {
      return bytesInUse;
    },
    get bytesLimit() {
      return (maxKeys + 1) * (bucketCount * BUCKET_BYTES + TOTAL_BYTES);
    },
  };
}

function hasObservations(histogram: Float64Array): boolean {
  for (let bin = 0; bin < ERRORS; bin += 1) if (histogram[bin] !== 0) return true;
  return false;
}
