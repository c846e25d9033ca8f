import { readMetrics } from './read-metrics.ts';

/** What a gateway says it traced, from its own counters on `/metrics`. */
export interface TracedRequests {
  /** Client operations it answered (`fedbase_gateway_sli_requests_total`, every outcome). */
  readonly requests: number;
  /** Observations of `Query.<field>` (`fedbase_graphql_field_duration_seconds_count`): one per traced request that resolved it. */
  readonly traced: number;
}

const sum = (text: string, metric: string, labels: readonly string[]) =>
  text
    .split('\n')
    .filter((line) => line.startsWith(`${metric}{`) && labels.every((label) => line.includes(label)))
    .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);

/**
 * How many requests the gateway traced down to fields, counted where it records them: the field
 * histogram is fed only from ftv1 traces, so its count for the query's root field is the number of
 * sampled requests (the sink's span count cannot say it: spans may be dropped before export).
 */
export async function readTracedRequests(gatewayUrl: string, rootField: string): Promise<TracedRequests> {
  const text = await readMetrics(gatewayUrl);
  return {
    requests: sum(text, 'fedbase_gateway_sli_requests_total', []),
    traced: sum(text, 'fedbase_graphql_field_duration_seconds_count', ['type="Query"', `field="${rootField}"`]),
  };
}
