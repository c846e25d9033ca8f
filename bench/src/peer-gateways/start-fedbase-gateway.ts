import { parseGatewayConfig, startGatewayServer } from '@fedbase/gateway';
import { startTracing } from '@fedbase/telemetry';
import type { GatewayUnderTest } from './gateway-under-test.ts';

export interface FedbaseGatewayOptions {
  /** `FIELD_TRACE_SAMPLE_RATE`; undefined keeps the gateway's default. */
  traceSampleRate?: number;
}

/**
 * Fedbase's gateway as `npm start` runs it (its plugins, limits, metrics and tracing at their
 * defaults), serving the workload's supergraph instead of Fedbase's. Not set: billing (there is no
 * billing subgraph; with anonymous callers it would have nothing to meter anyway) and the cost
 * limit, which the nested query exceeds by design (unbounded lists costed at 10 items each).
 */
export async function startFedbaseGateway(supergraphSdl: string, subgraphUrls: Readonly<Record<string, string>>, { traceSampleRate }: FedbaseGatewayOptions = {}): Promise<GatewayUnderTest> {
  const config = parseGatewayConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    BILLING_ENFORCEMENT: 'false',
    MAX_QUERY_COST: String(Number.MAX_SAFE_INTEGER),
    ...(traceSampleRate === undefined ? {} : { FIELD_TRACE_SAMPLE_RATE: String(traceSampleRate) }),
  });
  const tracing = await startTracing({ service: 'gateway', ...config.tracing });
  const gateway = await startGatewayServer({ config, supergraph: { sdl: supergraphSdl, subgraphUrls } });
  return {
    url: `${gateway.url}/graphql`,
    close: async () => {
      await gateway.close();
      await tracing.shutdown();
    },
  };
}
