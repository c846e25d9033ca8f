import { Redis } from 'ioredis';
import { assertValidTake } from './assert-valid-take.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { reportOutages } from '@fedbase/telemetry';
import { retryAfterSeconds } from './retry-after-seconds.ts';

export interface RedisRateLimiterOptions {
  url: string;
  prefix: string;
  connectionName: string;
  onError: (error: unknown) => void;
  onReconnect: () => void;
}

/**
 * Refill and take in one script, so concurrent takes from any number of processes cannot both
 * spend the same token. KEYS[1] is the bucket hash; ARGV is capacity, refill per second, cost.
 * Returns {allowed 0|1, whole tokens left, ms until `cost` tokens are there (0 when allowed)}:
 * integers, because Redis truncates Lua numbers in replies.
 */
const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local perSecond = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
-- The server's clock, not the callers': processes sharing a bucket would otherwise disagree on
-- elapsed time by their clock skew. Writing after TIME needs effects replication (Redis >= 5).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = capacity
if state[1] and state[2] then
  tokens = math.min(capacity, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * perSecond / 1000)
end
if tokens < cost then
  -- Nothing to store: the refill since 'at' is recomputed the same way next time.
  return {0, math.floor(tokens), math.ceil((cost - tokens) * 1000 / perSecond)}
end
tokens = tokens - cost
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
-- Expire when full again: a missing bucket reads as full, so idle buckets cost no memory.
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) * 1000 / perSecond))
return {1, math.floor(tokens), 0}
`;

type TakeReply = [allowed: number, remaining: number, waitMs: number];

interface TakeCommand {
  fedbaseRateLimitTake(key: string, capacity: number, refillPerSecond: number, cost: number): Promise<TakeReply>;
}

/**
 * Token buckets in Redis hashes, shared by every process on the same Redis and prefix.
 *
 * Fails open: when Redis cannot answer, `take` allows and `reset` does nothing. A rate limiter is a
 * guard in front of the API; its outage must not take the API down with it, and brute-force
 * protection pausing for the length of an outage is the lesser harm. A lost connection is reported
 * to `onError` once (and its return to `onReconnect`), not once per request it lets through;
 * a call failing on a connection that looked up is reported on its own.
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const { url, prefix, connectionName, onError, onReconnect } = options;
  const redis = new Redis(url, {
    lazyConnect: false,
    connectionName,
    // No offline queue: while Redis is away calls fail at once and are let through, instead of
    // queueing and adding latency to every request in the outage. ioredis keeps reconnecting.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    // Bounds the wait on a Redis that accepted the connection but stopped answering.
    commandTimeout: 500,
  }) as Redis & TakeCommand;
  reportOutages([redis], { onError, onReconnect });
  redis.defineCommand('fedbaseRateLimitTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });

  // Without an offline queue, calls made while the first connection is still being set up would
  // fail open on every start; let them wait for that first attempt, whichever way it ends.
  const firstConnection = new Promise<void>((resolve) => {
    const settle = (): void => {
      for (const event of ['ready', 'close', 'end']) redis.off(event, settle);
      resolve();
    };
    for (const event of ['ready', 'close', 'end']) redis.once(event, settle);
  });

  // Down and already reported: answer without trying, and without a report per call.
  const isDown = async (): Promise<boolean> => {
    await firstConnection;
    return redis.status !== 'ready';
  };

  return {
    async take(key, rule, cost = 1) {
      assertValidTake(rule, cost);
      const failOpen = { allowed: true, remaining: Math.floor(rule.capacity - cost), retryAfterSeconds: 0 };
      if (await isDown()) return failOpen;
      try {
        const [allowed, remaining, waitMs] = await redis.fedbaseRateLimitTake(
          prefix + key,
          rule.capacity,
          rule.refillPerSecond,
          cost,
        );
        return allowed === 1
          ? { allowed: true, remaining, retryAfterSeconds: 0 }
          : { allowed: false, remaining, retryAfterSeconds: retryAfterSeconds(waitMs) };
      } catch (error) {
        onError(error);
        // The bucket is unknown; answer as a fresh one would.
        return failOpen;
      }
    },
    async reset(key) {
      if (await isDown()) return;
      try {
        await redis.del(prefix + key);
      } catch (error) {
        // The bucket expires by itself once refilled; a failed reset must not fail a sign-in.
        onError(error);
      }
    },
    async ping() {
      if (redis.status !== 'ready') return false;
      return redis.ping().then(
        (reply) => reply === 'PONG',
        () => false,
      );
    },
    async close() {
      // QUIT waits for the server; a connection that is down would wait for a reconnect, so cut it.
      if (redis.status !== 'ready') return redis.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
