import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { onTestFinished } from 'vitest';
import { createRateLimiter, type RateLimiter, type RateLimiterOptions } from '../../src/index.ts';

export const REDIS_URL = 'redis://127.0.0.1:6379';

export type Backend = 'memory' | 'redis';

/** A prefix no other test or run shares, so tests on the one Redis never touch each other's buckets. */
export const uniquePrefix = (): string => `test:ratelimit:${randomUUID()}:`;

export interface StartedLimiter {
  limiter: RateLimiter;
  /**
   * Lets `ms` pass for the buckets: moves the injected clock in memory, really waits on Redis,
   * whose script reads the server's clock.
   */
  elapse(ms: number): Promise<void>;
}

/** Starts a limiter that is closed, and whose Redis keys are deleted, when the current test finishes. */
export function startLimiter(backend: Backend, options: RateLimiterOptions = {}): StartedLimiter {
  if (backend === 'memory') {
    let time = 1_700_000_000_000;
    const limiter = createRateLimiter({ now: () => time, ...options });
    onTestFinished(() => limiter.close());
    return { limiter, elapse: async (ms) => void (time += ms) };
  }
  const prefix = options.prefix ?? uniquePrefix();
  const limiter = createRateLimiter({ redisUrl: REDIS_URL, prefix, ...options });
  onTestFinished(async () => {
    await limiter.close();
    await deleteKeys(prefix);
  });
  return { limiter, elapse: (ms) => sleep(ms) };
}

async function deleteKeys(prefix: string): Promise<void> {
  const admin = new Redis(REDIS_URL);
  try {
    for await (const keys of admin.scanStream({ match: `${prefix}*`, count: 1000 })) {
      if ((keys as string[]).length > 0) await admin.del(...(keys as string[]));
    }
  } finally {
    await admin.quit();
  }
}
