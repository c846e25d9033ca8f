import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createRateLimiter } from '../src/index.ts';
import { REDIS_URL, startLimiter, uniquePrefix } from './support/start-limiter.ts';

const slow = { capacity: 3, refillPerSecond: 0.01 };

// Behaviour only Redis has: buckets shared between processes, kept in keys, and outages.
describe('rate limiter over Redis', () => {
  let admin: Redis;
  beforeAll(() => {
    admin = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await admin.quit();
  });

  it('shares one bucket between limiters on the same Redis and prefix, as N gateways need', async () => {
    const prefix = uniquePrefix();
    const { limiter: gatewayA } = startLimiter('redis', { prefix });
    const { limiter: gatewayB } = startLimiter('redis', { prefix });

    await gatewayA.take('project-1', slow);
    await gatewayB.take('project-1', slow);
    await gatewayA.take('project-1', slow);

    expect(await gatewayB.take('project-1', slow)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 100 });
    await gatewayB.reset('project-1');
    expect((await gatewayA.take('project-1', slow)).allowed).toBe(true);
  });

  it('keeps limiters with different prefixes on one Redis apart', async () => {
    const { limiter: stackA } = startLimiter('redis');
    const { limiter: stackB } = startLimiter('redis');
    for (let attempt = 0; attempt < 3; attempt += 1) await stackA.take('k', slow);

    expect((await stackA.take('k', slow)).allowed).toBe(false);
    expect((await stackB.take('k', slow)).allowed).toBe(true);
  });

  it('lets concurrent takes spend each token exactly once', async () => {
    const prefix = uniquePrefix();
    const limiters = [1, 2, 3].map(() => startLimiter('redis', { prefix }).limiter);
    const rule = { capacity: 10, refillPerSecond: 0.01 };

    const decisions = await Promise.all(
      Array.from({ length: 30 }, (_, index) => limiters[index % 3]!.take('burst', rule)),
    );

    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
  });

  it('stores a bucket under the prefix with an expiry at the moment it would be full again', async () => {
    const prefix = uniquePrefix();
    const { limiter } = startLimiter('redis', { prefix });

    await limiter.take('k', { capacity: 10, refillPerSecond: 1 }, 2);

    expect(await admin.type(`${prefix}k`)).toBe('hash');
    // 2 tokens short at 1 token/s: full again in 2 s.
    const ttl = await admin.pttl(`${prefix}k`);
    expect(ttl).toBeGreaterThan(1500);
    expect(ttl).toBeLessThanOrEqual(2000);
  });

  it('deletes the key on reset', async () => {
    const prefix = uniquePrefix();
    const { limiter } = startLimiter('redis', { prefix });
    await limiter.take('k', slow);

    await limiter.reset('k');

    expect(await admin.exists(`${prefix}k`)).toBe(0);
  });

  it('names its connection so operators can find it in CLIENT LIST', async () => {
    const connectionName = `test-rate-limit-${randomUUID()}`;
    const { limiter } = startLimiter('redis', { connectionName });
    await limiter.take('k', slow);

    expect(await admin.client('LIST')).toContain(`name=${connectionName} `);
  });

  it('fails open when Redis is unreachable: take allows and reset resolves, at once, with the outage reported once', async () => {
    const errors: unknown[] = [];
    const limiter = createRateLimiter({
      redisUrl: 'redis://127.0.0.1:1',
      prefix: uniquePrefix(),
      onError: (error) => errors.push(error),
    });
    onTestFinished(() => limiter.close());
    const started = performance.now();

    const decisions = [await limiter.take('k', slow), await limiter.take('k', slow, 3)];
    for (let call = 0; call < 20; call += 1) await limiter.take('k', slow);
    await limiter.reset('k');

    expect(decisions).toEqual([
      { allowed: true, remaining: 2, retryAfterSeconds: 0 },
      { allowed: true, remaining: 0, retryAfterSeconds: 0 },
    ]);
    // One line in the logs for the outage, not one per request it let through.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(Error);
    // An outage must not add latency to every request it lets through.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await limiter.ping()).toBe(false);
  });

  it('pings true while Redis answers', async () => {
    const { limiter } = startLimiter('redis');
    await limiter.take('k', slow);

    expect(await limiter.ping()).toBe(true);
  });

  it('still rejects an invalid rule while Redis is unreachable instead of failing open', async () => {
    const limiter = createRateLimiter({ redisUrl: 'redis://127.0.0.1:1', prefix: uniquePrefix() });
    onTestFinished(() => limiter.close());

    await expect(limiter.take('k', { capacity: 0, refillPerSecond: 1 })).rejects.toThrow(/capacity/);
  });
});
