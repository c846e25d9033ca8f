import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import type { GatewayUnderTest } from './gateway-under-test.ts';

/**
 * Hive Gateway's runtime (what the `hive-gateway` CLI of @graphql-hive/gateway serves) on
 * node:http with its defaults, logging off. The runtime, not the CLI package: the same engine
 * without the CLI's 500 MB of optional plugins in every `npm ci`.
 */
export async function startHiveGateway(supergraphSdl: string): Promise<GatewayUnderTest> {
  const gateway = createGatewayRuntime({ supergraph: supergraphSdl, logging: false });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await gateway.dispose();
    },
  };
}
