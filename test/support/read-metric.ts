/** The value of a metric with one series on a process's `/metrics` (a gateway's or a subgraph's base URL). */
export async function readMetric(baseUrl: string, metric: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  const value = new RegExp(`^${metric}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1];
  if (value === undefined) throw new Error(`${baseUrl}/metrics has no ${metric}`);
  return Number(value);
}
