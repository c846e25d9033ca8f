import { ERRORS } from './keyed-histograms.ts';
import { estimateQuantile } from './latency-bins.ts';
import type { LatencySloStatus, LatencySummary } from './sli-snapshot.ts';
import type { SloConfig } from './slo-config.ts';

/** Percentiles per name from merged histograms (bins, then failures). */
export function summarizeLatency(histograms: ReadonlyMap<string, ArrayLike<number>>): Record<string, LatencySummary> {
  // Object.fromEntries defines own properties, so a name like `__proto__` stays a plain key.
  return Object.fromEntries(
    [...histograms].map(([name, bins]) => {
      let count = 0;
      for (let bin = 0; bin < ERRORS; bin += 1) count += bins[bin]!;
      const at = (q: number) => round(estimateQuantile(bins, count, q) ?? 0);
      return [name, { count, errors: bins[ERRORS]!, p50: at(0.5), p95: at(0.95), p99: at(0.99) }];
    }),
  );
}

/** Each operation's p95 against its target: overrides first, else the default. */
export function computeLatencySlo(
  operations: Readonly<Record<string, LatencySummary>>,
  config: SloConfig,
): Record<string, LatencySloStatus> {
  const { defaultP95Ms, operations: overrides } = config.latency;
  const names = new Set([...Object.keys(overrides), ...Object.keys(operations)]);
  return Object.fromEntries(
    [...names].sort().map((name) => {
      const targetP95Ms = Object.hasOwn(overrides, name) ? overrides[name]!.p95Ms : defaultP95Ms;
      const p95Ms = Object.hasOwn(operations, name) ? operations[name]!.p95 : null;
      return [name, { targetP95Ms, p95Ms, met: p95Ms === null || p95Ms <= targetP95Ms }];
    }),
  );
}

/** The `limit` fields with the highest p95, slowest first (ties by name, for a stable order). */
export function findSlowestFields(
  fields: Readonly<Record<string, LatencySummary>>,
  limit = 10,
): { typeField: string; p95: number }[] {
  return Object.entries(fields)
    .map(([typeField, summary]) => ({ typeField, p95: summary.p95 }))
    .sort((a, b) => b.p95 - a.p95 || a.typeField.localeCompare(b.typeField))
    .slice(0, limit);
}

// Bin values are long floats; four significant digits keep the JSON readable and cost at most
// 0.05% on top of the histogram's 5%, at any scale (a fixed number of decimals would not).
function round(ms: number): number {
  return Number(ms.toPrecision(4));
}
