import { assertValidTake } from './assert-valid-take.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { retryAfterSeconds } from './retry-after-seconds.ts';

export interface MemoryRateLimiterOptions {
  now: () => number;
  /** Most buckets kept; past it the least recently used is dropped. */
  maxBuckets?: number | undefined;
  /** How often buckets that have refilled completely are dropped. */
  sweepIntervalMs?: number | undefined;
}

export interface MemoryRateLimiter extends RateLimiter {
  /** Buckets held right now, to show that memory stays bounded. */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** When the bucket will be full again, and so no different from a bucket never seen. */
  fullAt: number;
}

/**
 * Token buckets in a Map, for a single process. Keys come from clients (emails, IPs), so the map is
 * bounded twice: a sweep drops buckets that have refilled, which loses nothing, and a size cap
 * drops the least recently used bucket, which forgets its count but keeps a flood of distinct keys
 * from exhausting memory.
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions): MemoryRateLimiter {
  const { now, maxBuckets = 100_000, sweepIntervalMs = 60_000 } = options;
  // Map iteration follows insertion order; re-inserting on every use makes the first key the LRU.
  const buckets = new Map<string, Bucket>();

  const sweep = (): void => {
    const time = now();
    for (const [key, bucket] of buckets) if (bucket.fullAt <= time) buckets.delete(key);
  };
  // unref: a sweep timer must not keep a process alive that has nothing else left to do.
  const sweeper = setInterval(sweep, sweepIntervalMs).unref();

  const touch = (key: string, bucket: Bucket): void => {
    buckets.delete(key);
    buckets.set(key, bucket);
    if (buckets.size <= maxBuckets) return;
    const oldest = buckets.keys().next();
    if (oldest.done !== true) buckets.delete(oldest.value);
  };

  return {
    get size() {
      return buckets.size;
    },
    async take(key, rule, cost = 1) {
      assertValidTake(rule, cost);
      const { capacity, refillPerSecond } = rule;
      const time = now();
      const previous = buckets.get(key);
      // A clock stepping backwards must not mint tokens, hence the max(0, …).
      const refilled =
        previous === undefined
          ? capacity
          : previous.tokens + (Math.max(0, time - previous.at) * refillPerSecond) / 1000;
      const tokens = Math.min(capacity, refilled);
      const allowed = tokens >= cost;
      const left = allowed ? tokens - cost : tokens;
      // Refused takes count as use too: the key under attack must be the last evicted, not the first.
      touch(key, { tokens: left, at: time, fullAt: time + ((capacity - left) * 1000) / refillPerSecond });
      if (allowed) return { allowed, remaining: Math.floor(left), retryAfterSeconds: 0 };
      const waitMs = ((cost - left) * 1000) / refillPerSecond;
      return { allowed, remaining: Math.floor(left), retryAfterSeconds: retryAfterSeconds(waitMs) };
    },
    async reset(key) {
      buckets.delete(key);
    },
    async ping() {
      return true;
    },
    async close() {
      clearInterval(sweeper);
      buckets.clear();
    },
  };
}
