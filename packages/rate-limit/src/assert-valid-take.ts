import type { RateLimitRule } from './rate-limiter.ts';

const isPositive = (value: number): boolean => Number.isFinite(value) && value > 0;

/**
 * Throws on a rule or cost no bucket can honour. These are programming errors, so they throw even
 * where a Redis outage would fail open: a typo must not silently switch limiting off.
 */
export function assertValidTake(rule: RateLimitRule, cost: number): void {
  const { capacity, refillPerSecond } = rule;
  if (!isPositive(capacity)) {
    throw new Error(`Rate limit capacity must be a finite number above 0, got ${capacity}`);
  }
  if (!isPositive(refillPerSecond)) {
    throw new Error(`Rate limit refillPerSecond must be a finite number above 0, got ${refillPerSecond}`);
  }
  if (!isPositive(cost)) {
    throw new Error(`Rate limit cost must be a finite number above 0, got ${cost}`);
  }
  // Such a take could never be allowed, and would be refused with a misleading retryAfterSeconds.
  if (cost > capacity) {
    throw new Error(`Rate limit cost ${cost} exceeds the bucket capacity ${capacity}`);
  }
}
