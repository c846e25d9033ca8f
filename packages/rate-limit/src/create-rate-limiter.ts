import { createMemoryRateLimiter } from './create-memory-rate-limiter.ts';
import { createRedisRateLimiter } from './create-redis-rate-limiter.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { RateLimiterOptions } from './rate-limiter-options.ts';

/** In-memory buckets when `redisUrl` is unset, buckets shared through Redis when it is set. */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const { redisUrl, prefix = 'fedbase:ratelimit:', connectionName = 'fedbase-rate-limit' } = options;
  const { now = Date.now, onError = () => {}, onReconnect = () => {} } = options;
  return redisUrl === undefined
    ? createMemoryRateLimiter({ now })
    : createRedisRateLimiter({ url: redisUrl, prefix, connectionName, onError, onReconnect });
}
