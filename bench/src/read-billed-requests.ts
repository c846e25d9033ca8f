/**
 * The requests billing has counted this month for a project, as it tells the gateway
 * (`GET /internal/limits?projectId=` with the operator's secret). Unlike `usage { requests }`,
 * reading it is no request of the project, so it does not count itself.
 */
export async function readBilledRequests(billingGraphqlUrl: string, adminSecret: string, projectId: string): Promise<number> {
  const base = billingGraphqlUrl.replace(/\/graphql\/?$/, '').replace(/\/+$/, '');
  const url = `${base}/internal/limits?projectId=${encodeURIComponent(projectId)}`;
  const response = await fetch(url, { headers: { 'x-admin-secret': adminSecret }, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let requests: unknown;
  try {
    requests = (JSON.parse(text) as { requests?: unknown }).requests;
  } catch {
    // Not JSON: reported below with the text.
  }
  if (!response.ok || typeof requests !== 'number') throw new Error(`${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return requests;
}
