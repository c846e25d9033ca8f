/** A process's `/metrics` (Prometheus text), e.g. a gateway's or a subgraph's base URL. */
export async function readMetrics(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${baseUrl}/metrics answered ${response.status}: ${text.slice(0, 500)}`);
  return text;
}

/** The value of a metric with one series (labels or not); undefined when it is absent. */
export function metricValue(text: string, metric: string): number | undefined {
  const value = new RegExp(`^${metric}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1];
  return value === undefined ? undefined : Number(value);
}
