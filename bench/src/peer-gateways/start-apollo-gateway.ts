import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { GatewayUnderTest } from './gateway-under-test.ts';

/** A bare @apollo/gateway, as its documentation sets one up: Apollo Server's standalone server, defaults. */
export async function startApolloGateway(supergraphSdl: string): Promise<GatewayUnderTest> {
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return { url, close: () => server.stop() };
}
