import { ApolloGateway } from '@apollo/gateway';
import { isSubgraphName, readSupergraphSdl, type SubgraphName } from '@fedbase/schema';
import { createSubgraphDataSource } from './create-subgraph-data-source.ts';
import type { GatewayObserver } from './observability/create-gateway-observer.ts';

/**
 * @apollo/gateway over the checked-in supergraph, with each subgraph's URL from configuration
 * (the URLs in the supergraph file are only the stand-alone defaults). Fetches report to `observer`.
 */
export function createGateway(subgraphUrls: Readonly<Record<SubgraphName, string>>, observer?: GatewayObserver): ApolloGateway {
  return new ApolloGateway({
    supergraphSdl: supergraphForGateway(readSupergraphSdl()),
    buildService({ name }) {
      if (!isSubgraphName(name)) throw new Error(`the supergraph names an unknown subgraph "${name}"`);
      return createSubgraphDataSource(name, subgraphUrls[name], observer);
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
