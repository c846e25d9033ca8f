import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { createLabelLimiter } from './create-label-limiter.ts';

/** The metrics every Fedbase process exposes at `/metrics`. */
export interface ServiceMetrics {
  readonly registry: Registry;
  /** HTTP requests by route (a fixed set, never the raw path) and status code. */
  readonly httpRequests: Counter<'route' | 'status'>;
  /** GraphQL operations by name (bounded: unknown names past the cap count as `other`) and outcome. */
  readonly operationDuration: Histogram<'operation' | 'outcome'>;
  /** Errors returned to clients, by `extensions.code`. */
  readonly errors: Counter<'code'>;
  /**
   * GraphQL subscriptions this process serves now (graphql-ws): at the gateway, one per subscriber;
   * at a subgraph, one per subscriber too, multiplexed over the gateway's socket. It returns to zero
   * once every subscriber has left; if it does not, something holds on to them.
   */
  readonly activeSubscriptions: Gauge;
  /** Maps an operation name to a label value, keeping label cardinality bounded. */
  readonly operationLabel: (name: string | null | undefined) => string;
  /** Prometheus text exposition format. */
  render(): Promise<string>;
}

/** Latency buckets in seconds, dense where GraphQL operations usually land (1 ms – 2.5 s). */
export const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createServiceMetrics(service: string, options: { maxOperationNames?: number } = {}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({
    name: 'fedbase_http_requests_total',
    help: 'HTTP requests served, by route and status code.',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: 'fedbase_graphql_operation_duration_seconds',
    help: 'GraphQL operation latency, by operation name and outcome (ok or error).',
    labelNames: ['operation', 'outcome'] as const,
    buckets: latencyBuckets,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'fedbase_graphql_errors_total',
    help: 'GraphQL errors returned to clients, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const activeSubscriptions = new Gauge({
    name: 'fedbase_graphql_subscriptions_active',
    help: 'GraphQL subscriptions served now, over graphql-ws.',
    registers: [registry],
  });
  return {
    registry,
    httpRequests,
    operationDuration,
    errors,
    activeSubscriptions,
    operationLabel: createLabelLimiter(options.maxOperationNames ?? 200),
    render: () => registry.metrics(),
  };
}
