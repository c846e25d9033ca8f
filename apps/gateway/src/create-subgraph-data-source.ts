import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { SubgraphName } from '@fedbase/schema';
import type { GatewayContext } from './gateway-context.ts';

/**
 * How the gateway calls a subgraph over HTTP, for queries and for the entity fetches of each
 * subscription event alike: subgraphs receive the caller's proofs (project token, bearer token,
 * request id) and nothing else the client sent; identity also gets `x-admin-secret`.
 */
export function createSubgraphDataSource(name: SubgraphName, url: string): RemoteGraphQLDataSource<GatewayContext> {
  return new RemoteGraphQLDataSource<GatewayContext>({
    url,
    willSendRequest({ request, context }) {
      const headers = request.http?.headers;
      if (!headers || !context.caller) return;
      for (const [header, value] of Object.entries(context.caller.forwardHeaders)) headers.set(header, value as string);
      if (name === 'identity' && context.caller.adminSecret) headers.set('x-admin-secret', context.caller.adminSecret);
    },
  });
}
