import { metricValue, readMetrics } from './read-metrics.ts';

/**
 * The requests of projects the gateway has let through since it started, from its own counter
 * (`fedbase_gateway_admitted_requests_total` on `/metrics`): what its meter should have counted,
 * by the gateway's own account. Undefined when the counter is absent (enforcement off).
 */
export async function readAdmittedRequests(gatewayUrl: string): Promise<number | undefined> {
  return metricValue(await readMetrics(gatewayUrl), 'fedbase_gateway_admitted_requests_total');
}
