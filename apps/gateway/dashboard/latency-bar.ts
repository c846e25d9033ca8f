import type { LatencySummary } from '@fedbase/slo';
import { formatMs } from './format-ms.ts';
import type { Bar } from './bar.ts';

/** One latency bar: p95 long, p50 and p99 marked on it, every figure in its tooltip. */
export function latencyBar(name: string, p95: number, summary: LatencySummary | undefined): Bar {
  const spread = summary ? `, p50 ${formatMs(summary.p50)}, p99 ${formatMs(summary.p99)}` : '';
  const counts = summary
    ? `, ${summary.count.toLocaleString()} calls, ${summary.errors.toLocaleString()} failed`
    : '';
  return {
    label: name,
    value: p95,
    valueLabel: formatMs(p95),
    title: `${name}: p95 ${formatMs(p95)}${spread}${counts}`,
    tone: 'neutral',
    ...(summary && { spread: { low: summary.p50, high: summary.p99 } }),
  };
}
