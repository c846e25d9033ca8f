import type { SentEvent } from './fanout-figures.ts';

const createTick = 'mutation ($d: JSON!) { createDocument(collection: "ticks", data: $d) { id } }';
// Read is public so publishable-key subscribers without a user may listen; the secret key writes whatever the rules.
const createTicks = 'mutation { createCollection(name: "ticks", fields: [{ name: "sentAt", type: FLOAT }, { name: "seq", type: INT }], rules: { read: "public", create: "authenticated" }) { name } }';

/** Creates the `ticks` collection the realtime benchmarks publish to and subscribe on. Throws on any error. */
export async function createTicksCollection(gatewayUrl: string, secretKey: string): Promise<void> {
  const created = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': secretKey },
    body: JSON.stringify({ query: createTicks }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await created.text();
  if (!created.ok || text.includes('"errors"')) throw new Error(`createCollection answered ${created.status}: ${text.slice(0, 500)}`);
}

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
