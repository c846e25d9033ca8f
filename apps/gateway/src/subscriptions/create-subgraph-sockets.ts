import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface SubgraphSockets {
  /** The graphql-ws client of a subgraph (`http(s)://host/graphql` URL), created on first use. */
  client(url: string): Client;
  close(): Promise<void>;
}

/**
 * One graphql-ws connection per subgraph, shared by every subscriber of this gateway: each
 * operation carries its own caller's proofs (see serveSubscriptions in @fedbase/subgraph-server),
 * so 10,000 subscribers cost the subgraph one socket, not 10,000. The connection opens with the
 * first subscription and closes a while after the last.
 */
export function createSubgraphSockets(): SubgraphSockets {
  const clients = new Map<string, Client>();
  return {
    client(url) {
      let client = clients.get(url);
      if (!client) {
        client = createClient({
          url: url.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          lazy: true,
          lazyCloseTimeout: 5_000,
          keepAlive: 10_000,
          // No automatic retry: it would re-send every subscribe with the tokens it first carried,
          // long expired after a while. Each subscription subscribes again itself, with fresh ones
          // (see createSubscriptionExecutor), which opens a new socket.
          retryAttempts: 0,
        });
        clients.set(url, client);
      }
      return client;
    },
    async close() {
      await Promise.all([...clients.values()].map((client) => client.dispose()));
      clients.clear();
    },
  };
}
