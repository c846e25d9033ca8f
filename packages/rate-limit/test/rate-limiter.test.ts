import { describe, expect, it } from 'vitest';
import type { RateLimitRule } from '../src/index.ts';
import { type Backend, startLimiter } from './support/start-limiter.ts';

// Slow enough that no real test run refills a token by accident.
const slow: RateLimitRule = { capacity: 3, refillPerSecond: 0.01 };

// One suite, run over both backends: the in-memory buckets must behave exactly like Redis.
describe.each<Backend>(['memory', 'redis'])('rate limiter (%s)', (backend) => {
  it('allows up to capacity, then refuses with the whole seconds until the next token', async () => {
    const { limiter } = startLimiter(backend);

    const decisions = [];
    for (let attempt = 0; attempt < 4; attempt += 1) decisions.push(await limiter.take('sign-in', slow));

    expect(decisions).toEqual([
      { allowed: true, remaining: 2, retryAfterSeconds: 0 },
      { allowed: true, remaining: 1, retryAfterSeconds: 0 },
      { allowed: true, remaining: 0, retryAfterSeconds: 0 },
      { allowed: false, remaining: 0, retryAfterSeconds: 100 },
    ]);
  });

  it('rounds retryAfterSeconds up to at least 1 even when the next token is milliseconds away', async () => {
    const { limiter } = startLimiter(backend);
    const fast = { capacity: 1, refillPerSecond: 10 };

    await limiter.take('k', fast);

    expect(await limiter.take('k', fast)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
  });

  it('refills at refillPerSecond but never beyond capacity', async () => {
    const { limiter, elapse } = startLimiter(backend);
    const fast = { capacity: 2, refillPerSecond: 20 };
    await limiter.take('k', fast);
    await limiter.take('k', fast);
    expect((await limiter.take('k', fast)).allowed).toBe(false);

    // 150 ms at 20 tokens/s is 3 tokens, of which the bucket keeps 2.
    await elapse(150);

    expect((await limiter.take('k', fast)).allowed).toBe(true);
    expect((await limiter.take('k', fast)).allowed).toBe(true);
    expect((await limiter.take('k', fast)).allowed).toBe(false);
  });

  it('keeps separate keys independent', async () => {
    const { limiter } = startLimiter(backend);
    for (let attempt = 0; attempt < 3; attempt += 1) await limiter.take('project-1:ann@example.com', slow);

    expect((await limiter.take('project-1:ann@example.com', slow)).allowed).toBe(false);
    expect(await limiter.take('project-1:bob@example.com', slow)).toEqual({
      allowed: true,
      remaining: 2,
      retryAfterSeconds: 0,
    });
  });

  it('starts a bucket over as full after reset', async () => {
    const { limiter } = startLimiter(backend);
    for (let attempt = 0; attempt < 3; attempt += 1) await limiter.take('k', slow);

    await limiter.reset('k');

    expect(await limiter.take('k', slow)).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
  });

  it('resets a bucket it has never seen without complaint', async () => {
    const { limiter } = startLimiter(backend);

    await expect(limiter.reset('never-taken')).resolves.toBeUndefined();
  });

  it('takes cost tokens at once and takes nothing when refusing a costly call', async () => {
    const { limiter } = startLimiter(backend);
    const rule = { capacity: 5, refillPerSecond: 0.01 };

    expect(await limiter.take('k', rule, 3)).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
    // Needs 1 more token than the 2 left: 100 s at 0.01 tokens/s.
    expect(await limiter.take('k', rule, 3)).toEqual({ allowed: false, remaining: 2, retryAfterSeconds: 100 });
    expect(await limiter.take('k', rule, 2)).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
  });

  it('rejects a rule or cost no bucket can honour, naming the bad value', async () => {
    const { limiter } = startLimiter(backend);
    const take = (capacity: number, refillPerSecond: number, cost?: number) =>
      limiter.take('k', { capacity, refillPerSecond }, cost);

    await expect(take(0, 1)).rejects.toThrow(/capacity .* got 0/);
    await expect(take(Number.NaN, 1)).rejects.toThrow(/capacity .* got NaN/);
    await expect(take(5, -1)).rejects.toThrow(/refillPerSecond .* got -1/);
    await expect(take(5, Infinity)).rejects.toThrow(/refillPerSecond .* got Infinity/);
    await expect(take(5, 1, 0)).rejects.toThrow(/cost .* got 0/);
    await expect(take(5, 1, 6)).rejects.toThrow(/cost 6 exceeds the bucket capacity 5/);
  });
});
