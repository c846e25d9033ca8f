import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { parse, type DocumentNode } from 'graphql';

/**
 * Queries and mutations go over HTTP to the gateway that served this page; subscriptions over
 * graphql-ws on the same host, so the explorer works behind any proxy without configuration.
 * The headers from the Headers tab travel as HTTP headers, and as the graphql-ws
 * `connection_init` payload for subscriptions.
 */
export function createExplorerFetcher(origin: URL): Fetcher {
  const subscriptionUrl = new URL('/graphql', origin);
  subscriptionUrl.protocol = origin.protocol === 'https:' ? 'wss:' : 'ws:';
  const fetcher = createGraphiQLFetcher({
    url: new URL('/graphql', origin).href,
    subscriptionUrl: subscriptionUrl.href,
  });
  // The toolkit picks WebSocket vs HTTP from `documentAST`, which GraphiQL refreshes 100 ms after
  // an edit: run right after typing and a subscription would go over HTTP. Parse what is sent.
  return (params, options) =>
    fetcher(params, {
      ...options,
      documentAST: parseOrUndefined(params.query) ?? options?.documentAST,
    });
}

function parseOrUndefined(query: string): DocumentNode | undefined {
  try {
    return parse(query);
  } catch {
    return undefined;
  }
}
