import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { isSubgraphName, readSupergraphSdl, type SubgraphName } from '@fedbase/schema';
import type { GatewayContext } from './gateway-context.ts';

/** Headers a subgraph needs to verify who is calling; nothing else is forwarded. */
const forwardedHeaders = ['x-api-key', 'authorization', 'x-request-id'] as const;

/**
 * @apollo/gateway over the checked-in supergraph, with each subgraph's URL from configuration
 * (the URLs in the supergraph file are only the stand-alone defaults).
 */
export function createGateway(subgraphUrls: Readonly<Record<SubgraphName, string>>): ApolloGateway {
  return new ApolloGateway({
    supergraphSdl: readSupergraphSdl(),
    buildService({ name }) {
      if (!isSubgraphName(name)) throw new Error(`the supergraph names an unknown subgraph "${name}"`);
      return new RemoteGraphQLDataSource<GatewayContext>({
        url: subgraphUrls[name],
        willSendRequest({ request, context }) {
          for (const header of forwardedHeaders) {
            const value = context.headers?.[header];
            if (typeof value === 'string') request.http?.headers.set(header, value);
          }
        },
      });
    },
  });
}
