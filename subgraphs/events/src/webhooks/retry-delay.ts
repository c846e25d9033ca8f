/**
 * How long to wait before retrying after the `attempt`-th failure: "full jitter", a random delay
 * between 0 and `baseMs * 2^(attempt-1)` (capped at `maxMs`). Randomising the whole delay, not
 * just a sliver of it, spreads the retries of many deliveries that failed together (a receiver
 * that was down) instead of bringing them back as one burst.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random, maxMs = 6 * 3600_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (Math.max(1, attempt) - 1));
  return Math.round(random() * ceiling);
}
