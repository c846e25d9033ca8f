import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

/**
 * A loopback port free right now, so processes that must know each other's URL before any of
 * them listens (every subgraph forwards events to the events subgraph, which checks tokens with
 * identity) can be told it up front.
 *
 * Chosen below the kernel's ephemeral range: a port handed out there could be given to anyone
 * calling `listen(0)` or connecting out between this check and the child's listen (several
 * stacks starting at once in a test run did hit that). Below it, only another launcher picking
 * the same random port in the same instant could collide.
 */
export async function freePort(): Promise<number> {
  const ephemeralLow = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
    .then((text) => Number(text.trim().split(/\s+/)[0]))
    .catch(() => 32_768);
  const high = Math.max(2_048, ephemeralLow - 1);
  const low = Math.max(1_024, high - 12_000);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (await isFree(port)) return port;
  }
  throw new Error(`no free loopback port between ${low} and ${high}`);
}

function isFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
