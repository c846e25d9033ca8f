import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { readSupergraphSdl } from '@fedbase/schema';
import type { GatewayContext } from './gateway-context.ts';

/** A supergraph the gateway serves and where each of its subgraphs answers. */
export interface ServedSupergraph {
  /** As @apollo/gateway loads it (see supergraphForGateway). */
  readonly sdl: string;
  /** Each subgraph's `/graphql` URL, by the name the supergraph gives it. */
  readonly subgraphUrls: Readonly<Record<string, string>>;
}

/**
 * Fedbase's own supergraph, with each subgraph's URL from configuration (the URLs in the
 * checked-in supergraph file are only the stand-alone defaults).
 */
export function fedbaseSupergraph(subgraphUrls: Readonly<Record<string, string>>): ServedSupergraph {
  return { sdl: supergraphForGateway(readSupergraphSdl()), subgraphUrls };
}

/** @apollo/gateway over `sdl`, fetching each subgraph through its data source. */
export function createGateway(sdl: string, dataSources: Readonly<Record<string, GraphQLDataSource<GatewayContext>>>): ApolloGateway {
  return new ApolloGateway({
    supergraphSdl: sdl,
    buildService({ name }) {
      const dataSource = dataSources[name];
      if (!dataSource) throw new Error(`the supergraph names a subgraph without a URL: "${name}"`);
      return dataSource;
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
