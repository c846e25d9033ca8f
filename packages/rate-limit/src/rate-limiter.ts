/** A token bucket: holds at most `capacity` tokens (the burst) and regains `refillPerSecond`. */
export interface RateLimitRule {
  capacity: number;
  refillPerSecond: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole tokens left in the bucket after this call. */
  remaining: number;
  /**
   * When refused: whole seconds (rounded up, at least 1) until the bucket holds enough tokens for
   * this cost, which is one token for the usual cost of 1. Suits a `Retry-After` header. 0 when allowed.
   */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /**
   * Takes `cost` (default 1) tokens from the bucket named `key` under `rule`. A refused call takes
   * nothing. A bucket never seen, or idle long enough to refill, starts full.
   */
  take(key: string, rule: RateLimitRule, cost?: number): Promise<RateLimitDecision>;
  /** Forgets a bucket (e.g. after a successful sign-in clear the failures for that email). */
  reset(key: string): Promise<void>;
  /**
   * True when limits are enforced across processes right now: always in memory; with Redis, when
   * it answers. While false, `take` fails open. For readiness and health pages.
   */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
