// Three significant digits: the recorder's percentiles are within 5% anyway, so more would be noise.
const threeDigits = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });

/** A duration for people: `0.42 ms`, `12.5 ms`, `340 ms`, `1.25 s`; `—` for null. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms >= 1000) return `${threeDigits.format(ms / 1000)} s`;
  return `${threeDigits.format(ms)} ms`;
}
