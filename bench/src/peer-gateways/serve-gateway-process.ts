import type { GatewayUnderTest } from './gateway-under-test.ts';
import { serveForParent } from '../fork-ready-process.ts';
import { startApolloGateway } from './start-apollo-gateway.ts';
import { startFedbaseGateway } from './start-fedbase-gateway.ts';
import { startHiveGateway } from './start-hive-gateway.ts';

export type GatewayKind = 'fedbase' | 'apollo' | 'hive';

/** What the parent sends a gateway process: which gateway, over which supergraph. */
export interface GatewayStart {
  kind: GatewayKind;
  supergraphSdl: string;
  subgraphUrls: Record<string, string>;
  /** Fedbase only: FIELD_TRACE_SAMPLE_RATE; its default when absent. */
  traceSampleRate?: number;
}

export interface GatewayReady {
  type: 'ready';
  url: string;
}

const start = ({ kind, supergraphSdl, subgraphUrls, traceSampleRate }: GatewayStart): Promise<GatewayUnderTest> => {
  switch (kind) {
    case 'fedbase':
      return startFedbaseGateway(supergraphSdl, subgraphUrls, traceSampleRate === undefined ? {} : { traceSampleRate });
    case 'apollo':
      return startApolloGateway(supergraphSdl);
    case 'hive':
      return startHiveGateway(supergraphSdl);
  }
};

serveForParent<GatewayStart, GatewayReady>(async (options) => {
  const gateway = await start(options);
  return { ready: { type: 'ready', url: gateway.url }, close: gateway.close };
});
