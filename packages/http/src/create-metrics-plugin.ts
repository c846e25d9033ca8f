import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ServiceMetrics } from '@fedbase/telemetry';

/** Records every operation's latency and every error code the client receives. */
export function createMetricsPlugin<TContext extends BaseContext>(metrics: ServiceMetrics): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, response }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          metrics.operationDuration.observe({ operation: metrics.operationLabel(operationName), outcome: errors.length ? 'error' : 'ok' }, seconds);
          for (const error of errors) metrics.errors.inc({ code: String(error.extensions?.['code'] ?? 'INTERNAL') });
        },
      };
    },
  };
}
