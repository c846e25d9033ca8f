/**
 * The requests of projects the gateway has let through since it started, from its own counter
 * (`fedbase_gateway_admitted_requests_total` on `/metrics`): what its meter should have counted,
 * by the gateway's own account. Undefined when the counter is absent (enforcement off).
 */
export async function readAdmittedRequests(gatewayUrl: string): Promise<number | undefined> {
  const response = await fetch(`${gatewayUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${gatewayUrl}/metrics answered ${response.status}: ${text.slice(0, 500)}`);
  const value = /^fedbase_gateway_admitted_requests_total(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1];
  return value === undefined ? undefined : Number(value);
}
