import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { isErrorCode } from '@fedbase/errors';
import { GraphQLError } from 'graphql';
import type { SubgraphName } from '@fedbase/schema';
import type { GatewayContext } from './gateway-context.ts';

/**
 * How the gateway calls a subgraph over HTTP, for queries and for the entity fetches of each
 * subscription event alike: subgraphs receive the caller's proofs (project token, bearer token,
 * request id) and nothing else the client sent; identity also gets `x-admin-secret`.
 */
export function createSubgraphDataSource(name: SubgraphName, url: string): RemoteGraphQLDataSource<GatewayContext> {
  return new SubgraphDataSource({
    url,
    willSendRequest({ request, context }) {
      const headers = request.http?.headers;
      if (!headers || !context.caller) return;
      for (const [header, value] of Object.entries(context.caller.forwardHeaders)) headers.set(header, value as string);
      if (name === 'identity' && context.caller.adminSecret) headers.set('x-admin-secret', context.caller.adminSecret);
    },
  });
}

/**
 * A subgraph that refuses a request outright (401 for a token it will not take) answers with a
 * GraphQL body; the stock data source would wrap it in an error carrying the subgraph's internal
 * URL and whole response. Clients get the subgraph's own first error instead: its message and code.
 */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const body = (await response.json().catch(() => null)) as { errors?: { message?: unknown; extensions?: { code?: unknown } }[] } | null;
    const first = body?.errors?.[0];
    const code = first?.extensions?.code;
    if (typeof first?.message === 'string' && isErrorCode(code)) return new GraphQLError(first.message, { extensions: { code } });
    return new GraphQLError(`A service behind the gateway answered ${response.status}: retry later.`, { extensions: { code: 'INTERNAL' } });
  }
}
