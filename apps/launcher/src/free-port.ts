import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback port free right now, so processes that must know each other's URL before any of
 * them listens (every subgraph forwards events to the events subgraph, which checks tokens with
 * identity) can be told it up front. Another program could take it in between; the launcher then
 * fails with the port named rather than wiring the stack wrong.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
