export interface RateLimiterOptions {
  /**
   * Redis connection URL (`redis://host:6379/0`). When unset buckets live in this process's memory,
   * which is right for a single process; set it when several processes must share one limit.
   *
   * @default undefined
   */
  redisUrl?: string | undefined;
  /**
   * Prepended to every bucket key on Redis, so two stacks sharing one Redis keep separate buckets.
   *
   * @default 'fedbase:ratelimit:'
   */
  prefix?: string | undefined;
  /**
   * Client name of the Redis connection, so operators can find it in `CLIENT LIST`. No spaces.
   *
   * @default 'fedbase-rate-limit'
   */
  connectionName?: string | undefined;
  /**
   * Clock in epoch milliseconds for the in-memory buckets; tests inject one. Ignored with Redis,
   * which reads the Redis server's clock so every process agrees on it.
   *
   * @default Date.now
   */
  now?: (() => number) | undefined;
  /**
   * Called with the first Redis error of each outage (while it lasts, every `take` is let through
   * and `reset` does nothing, without a report each), and with any call that failed on a
   * connection that looked up and was therefore let through. Log these: nothing is being limited.
   *
   * @default undefined (errors are ignored)
   */
  onError?: ((error: unknown) => void) | undefined;
  /**
   * Called when Redis is back after an outage reported to `onError`: limiting has resumed.
   *
   * @default undefined
   */
  onReconnect?: (() => void) | undefined;
}
