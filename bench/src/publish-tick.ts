import type { SentEvent } from './fanout-figures.ts';

const createTick = 'mutation ($d: JSON!) { createDocument(collection: "ticks", data: $d) { id } }';

/** The wall clock in ms, with the monotonic clock's resolution; every process reads the same one. */
export const wallClock = () => performance.timeOrigin + performance.now();

/**
 * Publishes one event: creates a `ticks` document with the secret key over HTTP, stamped with
 * the time just before the request, so a delivery's latency covers the whole path (mutation,
 * commit, outbox relay, event bus, data subgraph, gateway, socket). Throws on any error.
 */
export function createTickPublisher(gatewayUrl: string, secretKey: string): (seq: number) => Promise<SentEvent> {
  return async (seq) => {
    const sentAt = wallClock();
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': secretKey },
      body: JSON.stringify({ query: createTick, variables: { d: { sentAt, seq } } }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const mutationMs = wallClock() - sentAt;
    if (!response.ok || text.includes('"errors"')) throw new Error(`createDocument of tick ${seq} answered ${response.status}: ${text.slice(0, 500)}`);
    return { seq, sentAt, mutationMs };
  };
}
