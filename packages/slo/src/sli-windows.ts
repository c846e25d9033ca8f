/** The rolling windows every rate is reported over: the SRE workbook's alert windows. */
export const WINDOWS = ['5m', '30m', '1h', '6h'] as const;

export type WindowName = (typeof WINDOWS)[number];

export type PerWindow<T> = { [W in WindowName]: T };

const MINUTE_MS = 60_000;

export const WINDOW_MS: Readonly<PerWindow<number>> = {
  '5m': 5 * MINUTE_MS,
  '30m': 30 * MINUTE_MS,
  '1h': 60 * MINUTE_MS,
  '6h': 360 * MINUTE_MS,
};

/** Latency percentiles are reported over this window only, so histograms are kept this long. */
export const LATENCY_WINDOW: WindowName = '1h';

/** How far back the recorder remembers anything: the longest window. */
export const HORIZON_MS = WINDOW_MS['6h'];

/** A per-window record built from a function of the window's name. */
export function perWindow<T>(valueOf: (window: WindowName) => T): PerWindow<T> {
  return { '5m': valueOf('5m'), '30m': valueOf('30m'), '1h': valueOf('1h'), '6h': valueOf('6h') };
}
