import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createMemoryRateLimiter, type MemoryRateLimiterOptions } from '../src/create-memory-rate-limiter.ts';

const rule = { capacity: 2, refillPerSecond: 1 };

function startMemoryLimiter(options: Omit<MemoryRateLimiterOptions, 'now'> = {}) {
  const clock = { time: 1_700_000_000_000 };
  const limiter = createMemoryRateLimiter({ now: () => clock.time, ...options });
  onTestFinished(() => limiter.close());
  return { limiter, clock };
}

// What only the in-memory buckets have to get right: bounding their own memory.
describe('in-memory rate limiter', () => {
  it('sweeps out buckets that have refilled completely and keeps those still refilling', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    onTestFinished(() => void vi.useRealTimers());
    const { limiter, clock } = startMemoryLimiter({ sweepIntervalMs: 1000 });
    await limiter.take('one-token-short', rule);
    await limiter.take('two-tokens-short', rule, 2);

    // After 1 s the first bucket is full again (1 token/s); the second still lacks one token.
    clock.time += 1000;
    vi.advanceTimersByTime(1000);

    expect(limiter.size).toBe(1);
    expect(await limiter.take('two-tokens-short', rule, 2)).toEqual({
      allowed: false,
      remaining: 1,
      retryAfterSeconds: 1,
    });
  });

  it('drops the least recently used bucket once it holds maxBuckets', async () => {
    const { limiter } = startMemoryLimiter({ maxBuckets: 2 });
    await limiter.take('a', rule, 2);
    await limiter.take('b', rule, 2);
    await limiter.take('a', rule); // refused, but still a use: keeps 'a' over 'b'

    await limiter.take('c', rule, 2);

    expect(limiter.size).toBe(2);
    expect((await limiter.take('a', rule)).allowed).toBe(false);
    expect((await limiter.take('b', rule)).allowed).toBe(true);
  });

  it('mints no tokens when the clock steps backwards', async () => {
    const { limiter, clock } = startMemoryLimiter();
    await limiter.take('k', rule, 2);

    clock.time -= 60_000;

    expect((await limiter.take('k', rule)).allowed).toBe(false);
  });
});
