import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { createSubgraphFetcher, subgraphFailureOf } from './create-subgraph-fetcher.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(handler: Parameters<typeof createServer>[1], port = 0): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

async function refusedUrl(): Promise<string> {
  const url = await listen(() => {});
  const server = servers.pop()!;
  await new Promise((resolve) => server.close(resolve));
  return url;
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => 'answered', subgraphFailureOf);
const json = { 'content-type': 'application/json' };

it('returns the whole answer, body included', async () => {
  const url = await listen((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"data":{"ok":true}}');
  });
  const fetcher = createSubgraphFetcher(url, { timeoutMs: 2_000, breakerFailures: 5, breakerCooldownMs: 1_000 });
  expect(await fetcher.post('{}', json)).toEqual({ status: 200, contentType: 'application/json', body: '{"data":{"ok":true}}' });
  await fetcher.close();
});

it('abandons a fetch whose body stops arriving for the timeout', async () => {
  const url = await listen((_req, res) => res.write('{"data":')); // status and half a body, then nothing
  const fetcher = createSubgraphFetcher(url, { timeoutMs: 200, breakerFailures: 5, breakerCooldownMs: 1_000 });
  expect(await failureOf(fetcher.post('{}', json))).toBe('timeout');
});

it('abandons a fetch the subgraph does not answer within the timeout', async () => {
  const url = await listen(() => {}); // holds every request
  const fetcher = createSubgraphFetcher(url, { timeoutMs: 200, breakerFailures: 5, breakerCooldownMs: 1_000 });
  expect(await failureOf(fetcher.post('{}', json))).toBe('timeout');
});

it('tells a refused connection (nothing sent) from one that broke mid-request', async () => {
  const options = { timeoutMs: 2_000, breakerFailures: 5, breakerCooldownMs: 1_000 };
  expect(await failureOf(createSubgraphFetcher(await refusedUrl(), options).post('{}', json))).toBe('unreachable');
  const broken = await listen((req) => req.socket.destroy());
  expect(await failureOf(createSubgraphFetcher(broken, options).post('{}', json))).toBe('interrupted');
});

it('opens after consecutive failures, fails fast while open, and closes once a probe after the cooldown succeeds', async () => {
  const url = await refusedUrl();
  const fetcher = createSubgraphFetcher(url, { timeoutMs: 2_000, breakerFailures: 3, breakerCooldownMs: 300 });
  for (let i = 0; i < 3; i++) expect(await failureOf(fetcher.post('{}', json))).toBe('unreachable');
  expect(fetcher.isOpen()).toBe(true);
  expect(await failureOf(fetcher.post('{}', json))).toBe('circuit-open');

  // The subgraph comes back on its port; after the cooldown one fetch goes through and closes the circuit.
  await listen((_req, res) => res.end('{"data":{}}'), Number(new URL(url).port));
  await new Promise((resolve) => setTimeout(resolve, 350));
  expect((await fetcher.post('{}', json)).status).toBe(200);
  expect(fetcher.isOpen()).toBe(false);
  await fetcher.close();
});

it('counts 5xx answers (a balancer with no instance left) as failures but still returns them', async () => {
  const url = await listen((_req, res) => {
    res.statusCode = 503;
    res.end('no healthy upstream');
  });
  const fetcher = createSubgraphFetcher(url, { timeoutMs: 2_000, breakerFailures: 2, breakerCooldownMs: 10_000 });
  expect((await fetcher.post('{}', json)).status).toBe(503);
  expect((await fetcher.post('{}', json)).status).toBe(503);
  expect(await failureOf(fetcher.post('{}', json))).toBe('circuit-open');
});

it('leaves a subgraph that answers alone, whatever its GraphQL errors', async () => {
  const url = await listen((_req, res) => res.end('{"errors":[{"message":"no","extensions":{"code":"FORBIDDEN"}}]}'));
  const fetcher = createSubgraphFetcher(url, { timeoutMs: 2_000, breakerFailures: 1, breakerCooldownMs: 10_000 });
  for (let i = 0; i < 3; i++) expect((await fetcher.post('{}', json)).status).toBe(200);
  expect(fetcher.isOpen()).toBe(false);
});
