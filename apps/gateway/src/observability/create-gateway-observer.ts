import type { SliRecorder } from '@fedbase/slo';
import { createLabelLimiter, latencyBuckets } from '@fedbase/telemetry';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Where the gateway reports what it sees, once: each observation goes to the Prometheus
 * histograms (for a fleet's long-term view) and to this gateway's rolling SLI windows (`/slis`).
 */
export interface GatewayObserver {
  /** A client operation; `ok` is false only for failures of ours (INTERNAL), not a client's mistakes. */
  request(operation: string, durationMs: number, ok: boolean): void;
  subgraphFetch(subgraph: string, durationMs: number, ok: boolean): void;
  /** A resolved field from a subgraph's ftv1 trace (sampled requests only). */
  field(parentType: string, fieldName: string, durationMs: number, ok: boolean): void;
  /** Credentials presented (an API key, a token, a sign-in): accepted or not. */
  auth(ok: boolean): void;
  /** A project's request let through (false) or refused by its plan's rate or quota (true). */
  throttle(throttled: boolean): void;
  /** The circuit breaker to a subgraph opened (fetches fail fast) or closed again. */
  circuit(subgraph: string, open: boolean): void;
}

/** `Type.field` pairs kept as labels before new ones count as `other.other`; a schema has fewer. */
const maxFieldLabels = 2_000;

export function createGatewayObserver({ registry, slis }: { registry: Registry; slis: SliRecorder }): GatewayObserver {
  const fetchDuration = new Histogram({
    name: 'fedbase_gateway_subgraph_fetch_duration_seconds',
    help: 'Requests from the gateway to a subgraph, by subgraph and outcome (ok or error).',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: latencyBuckets,
    registers: [registry],
  });
  const fieldDuration = new Histogram({
    name: 'fedbase_graphql_field_duration_seconds',
    help: 'Resolver time per Type.field, from the ftv1 traces of sampled requests (FIELD_TRACE_SAMPLE_RATE), by outcome.',
    labelNames: ['type', 'field', 'outcome'] as const,
    buckets: latencyBuckets,
    registers: [registry],
  });
  // The SLIs' own counts, so Prometheus computes the same availability and auth rate across gateways.
  const sliRequests = new Counter({
    name: 'fedbase_gateway_sli_requests_total',
    help: 'Client operations by SLI outcome: failed only for errors of ours (INTERNAL), as /slis counts them.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const authentications = new Counter({
    name: 'fedbase_gateway_authentications_total',
    help: 'Credentials presented (API keys, access tokens, sign-ins), by outcome (ok or failed).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const fieldLabel = createLabelLimiter(maxFieldLabels);
  const outcome = (ok: boolean) => (ok ? 'ok' : 'error');
  const circuitOpen = new Gauge({
    name: 'fedbase_gateway_subgraph_circuit_open',
    help: '1 while the circuit breaker to a subgraph is open (its fetches fail fast), else 0.',
    labelNames: ['subgraph'] as const,
    registers: [registry],
  });
  return {
    request(operation, durationMs, ok) {
      sliRequests.inc({ outcome: ok ? 'ok' : 'failed' });
      slis.observeRequest(operation, durationMs, ok);
    },
    subgraphFetch(subgraph, durationMs, ok) {
      fetchDuration.observe({ subgraph, outcome: outcome(ok) }, durationMs / 1000);
      slis.observeSubgraphFetch(subgraph, durationMs, ok);
    },
    field(parentType, fieldName, durationMs, ok) {
      // Names come from subgraphs' traces, which come from our own schema: bounded, but capped anyway.
      const known = fieldLabel(`${parentType}__${fieldName}`) !== 'other';
      const [type, field] = known ? [parentType, fieldName] : ['other', 'other'];
      fieldDuration.observe({ type, field, outcome: outcome(ok) }, durationMs / 1000);
      slis.observeField(`${type}.${field}`, durationMs, ok);
    },
    auth(ok) {
      authentications.inc({ outcome: ok ? 'ok' : 'failed' });
      slis.observeAuth(ok);
    },
    throttle: (throttled) => slis.observeThrottle(throttled),
    circuit: (subgraph, open) => circuitOpen.set({ subgraph }, open ? 1 : 0),
  };
}
