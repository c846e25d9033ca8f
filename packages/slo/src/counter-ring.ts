/** Plain counters (requests, failures, throttles, ...) over a ring of time buckets. */
export interface CounterRing {
  /** Adds one to counter `field` in the bucket holding `t` (ms, never decreasing between calls). */
  bump(t: number, field: number): void;
  /** Each counter summed over the buckets of the last `windowMs` before `t`, per window asked for. */
  sums(t: number, windowsMs: readonly number[]): Float64Array[];
}

export interface CounterRingOptions {
  bucketMs: number;
  bucketCount: number;
  /** Counters per bucket. */
  width: number;
}

/**
 * One flat array of bucketCount x width counters allocated up front. A bucket remembers which
 * period (epoch) it holds; a bump into a bucket left from an older period zeroes it first, and
 * sums skip buckets whose epoch is outside the window, so nothing needs a timer to expire.
 */
export function createCounterRing({ bucketMs, bucketCount, width }: CounterRingOptions): CounterRing {
  const epochs = new Float64Array(bucketCount).fill(-Infinity);
  const counts = new Float64Array(bucketCount * width);

  return {
    bump(t, field) {
      const slot = Math.floor(t / bucketMs);
      const i = slot % bucketCount;
      if (epochs[i] !== slot) {
        counts.fill(0, i * width, (i + 1) * width);
        epochs[i] = slot;
      }
      counts[i * width + field]! += 1;
    },
    sums(t, windowsMs) {
      const slot = Math.floor(t / bucketMs);
      const spans = windowsMs.map((ms) => Math.max(1, Math.round(ms / bucketMs)));
      const totals = spans.map(() => new Float64Array(width));
      for (let i = 0; i < bucketCount; i += 1) {
        const age = slot - (epochs[i] ?? -Infinity);
        if (age < 0 || age >= bucketCount) continue;
        spans.forEach((span, w) => {
          if (age >= span) return;
          const total = totals[w]!;
          for (let field = 0; field < width; field += 1) total[field]! += counts[i * width + field]!;
        });
      }
      return totals;
    },
  };
}
