import { once } from 'node:events';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { drainHttpServer } from '../src/index.ts';

let server: Server | undefined;
const agents: Agent[] = [];
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  agents.splice(0).forEach((agent) => agent.destroy());
});

async function start(handler: Parameters<typeof createServer>[1]): Promise<number> {
  server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

function get(port: number, agent: Agent): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path: '/', agent }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const keepAlive = () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  agents.push(agent);
  return agent;
};

it('answers a request sent on an idle keep-alive connection after the drain began, closing that connection after it', async () => {
  const port = await start((_req, res) => res.end('ok'));
  const agent = keepAlive();
  expect((await get(port, agent)).status).toBe(200); // the connection is now idle in the agent
  const drained = drainHttpServer(server!, { idleGraceMs: 2_000 });
  const late = await get(port, agent);
  expect(late).toEqual({ status: 200, connection: 'close', body: 'ok' });
  await drained;
});

it('lets a request in flight finish and refuses new connections meanwhile', async () => {
  let release!: () => void;
  const port = await start((_req, res) => {
    release = () => res.end('slow');
  });
  const inFlight = get(port, keepAlive());
  await new Promise((resolve) => setTimeout(resolve, 50));
  const drained = drainHttpServer(server!, { idleGraceMs: 100 });
  await expect(get(port, new Agent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  release();
  expect(await inFlight).toMatchObject({ status: 200, body: 'slow' });
  await drained;
});

it('closes connections left idle once the grace is over', async () => {
  const port = await start((_req, res) => res.end('ok'));
  await get(port, keepAlive());
  const started = Date.now();
  await drainHttpServer(server!, { idleGraceMs: 200 });
  expect(Date.now() - started).toBeGreaterThanOrEqual(150);
});
