import { ApolloGateway, type RemoteGraphQLDataSource } from '@apollo/gateway';
import { isSubgraphName, readSupergraphSdl, type SubgraphName } from '@fedbase/schema';
import type { GatewayContext } from './gateway-context.ts';

/**
 * @apollo/gateway over the checked-in supergraph, with each subgraph's URL from configuration
 * (the URLs in the supergraph file are only the stand-alone defaults), fetching through `dataSources`.
 */
export function createGateway(dataSources: Readonly<Record<SubgraphName, RemoteGraphQLDataSource<GatewayContext>>>): ApolloGateway {
  return new ApolloGateway({
    supergraphSdl: supergraphForGateway(readSupergraphSdl()),
    buildService({ name }) {
      if (!isSubgraphName(name)) throw new Error(`the supergraph names an unknown subgraph "${name}"`);
      return dataSources[name];
    },
  });
}

/**
 * @apollo/gateway refuses a supergraph whose `@link`s are `for: SECURITY` (@authenticated,
 * @requiresScopes) because it cannot enforce them. It need not: every subgraph enforces them on
 * its own fields (see @fedbase/subgraph-server), so the gateway is told they are not its business.
 */
export function supergraphForGateway(supergraphSdl: string): string {
  return supergraphSdl.replace(/(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes)\/v[\d.]+"), for: SECURITY\)/g, '$1)');
}
