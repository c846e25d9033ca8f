import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { isSubgraphName, readSupergraphSdl, type SubgraphName } from '@fedbase/schema';
import type { GatewayContext } from './gateway-context.ts';

/**
 * @apollo/gateway over the checked-in supergraph, with each subgraph's URL from configuration
 * (the URLs in the supergraph file are only the stand-alone defaults). Subgraphs receive the
 * caller's proofs (project token, bearer token) and nothing else the client sent.
 */
export function createGateway(subgraphUrls: Readonly<Record<SubgraphName, string>>): ApolloGateway {
  return new ApolloGateway({
    supergraphSdl: supergraphForGateway(readSupergraphSdl()),
    buildService({ name }) {
      if (!isSubgraphName(name)) throw new Error(`the supergraph names an unknown subgraph "${name}"`);
      return new RemoteGraphQLDataSource<GatewayContext>({
        url: subgraphUrls[name],
        willSendRequest({ request, context }) {
          const headers = request.http?.headers;
          if (!headers || !context.caller) return;
          for (const [header, value] of Object.entries(context.caller.forwardHeaders)) headers.set(header, value as string);
          if (name === 'identity' && context.caller.adminSecret) headers.set('x-admin-secret', context.caller.adminSecret);
        },
      });
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
