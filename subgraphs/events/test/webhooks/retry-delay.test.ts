import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/webhooks/index.ts';

describe('retryDelayMs', () => {
  it('doubles the upper bound with every attempt, starting at the base', () => {
    const top = () => 1;
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 100, top))).toEqual([100, 200, 400, 800]);
  });

  it('draws the whole delay at random between 0 and the bound (full jitter), rounded', () => {
    expect(retryDelayMs(3, 100, () => 0)).toBe(0);
    expect(retryDelayMs(3, 100, () => 0.5)).toBe(200);
    expect(retryDelayMs(1, 3, () => 0.5)).toBe(2);
    for (let i = 0; i < 1000; i += 1) {
      const delay = retryDelayMs(4, 10);
      expect(Number.isInteger(delay) && delay >= 0 && delay <= 80).toBe(true);
    }
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(retryDelayMs(60, 5_000, () => 1)).toBe(6 * 3600_000);
    expect(retryDelayMs(5_000, 5_000, () => 1, 60_000)).toBe(60_000);
  });
});
