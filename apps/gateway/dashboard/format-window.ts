import type { WindowName } from '@fedbase/slo';

const labels: Readonly<Record<WindowName, string>> = {
  '5m': '5 min',
  '30m': '30 min',
  '1h': '1 h',
  '6h': '6 h',
};

/** A rolling window's name as people read it: `5m` is `5 min`. */
export function formatWindow(window: WindowName): string {
  return labels[window];
}
