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
 * first subscription, closes a while after the last, and reconnects (re-subscribing every live
 * operation) when the subgraph restarts.
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
          // About 8 s of retries (0.25, 0.5, 1, 2, 4 s) covers a supervised restart; past that the
          // subscribers get an error naming the subgraph rather than silence, and resubscribe.
          retryAttempts: 5,
          retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, 250 * 2 ** retries)),
          shouldRetry: () => true,
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
