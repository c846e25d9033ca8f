import { createLogger } from '@fedbase/telemetry';
import { subgraphNames, type SubgraphName } from '@fedbase/schema';
import type { RunningSubgraph } from '@fedbase/subgraph-server';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig, startGatewayServer, type RunningGateway } from '../src/index.ts';
import { startFixtureSubgraph, startFixtureSubgraphs } from './fixture-subgraphs.ts';

let subgraphs: Map<SubgraphName, RunningSubgraph>;
let gateway: RunningGateway;

const urlEnv = (urls: Map<SubgraphName, string>) =>
  Object.fromEntries(subgraphNames.map((name) => [`SUBGRAPH_${name.toUpperCase()}_URL`, urls.get(name)]));

beforeAll(async () => {
  subgraphs = await startFixtureSubgraphs();
  const config = parseGatewayConfig({ PORT: '0', BODY_LIMIT_BYTES: '4096', ...urlEnv(new Map([...subgraphs].map(([name, s]) => [name, s.url]))) });
  gateway = await startGatewayServer({ config, logger: createLogger({ service: 'gateway', level: 'silent' }) });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([...(subgraphs?.values() ?? [])].map((subgraph) => subgraph.close()));
});

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('GraphQL over HTTP at /graphql', () => {
  it('answers a POSTed query with the subgraph data', async () => {
    const response = await post(JSON.stringify({ query: '{ plans { id } }' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { plans: [{ id: 'free' }, { id: 'pro' }] } });
  });

  it('answers a GET query, so responses can be cached by URL', async () => {
    const response = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('{ plans { name } }')}`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { plans: [{ name: 'Free' }, { name: 'Pro' }] } });
  });

  it('refuses a malformed body with 400 and BAD_USER_INPUT', async () => {
    const response = await post('{"query": "{ plans { id } }"');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } })] });
  });

  it('refuses a body larger than BODY_LIMIT_BYTES with 413', async () => {
    const response = await post(JSON.stringify({ query: `{ plans { id } } # ${'x'.repeat(5000)}` }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'PAYLOAD_TOO_LARGE' } })] });
  });

  it('answers a syntax error with 400 in application/graphql-response+json', async () => {
    const response = await post(JSON.stringify({ query: '{ plans { id ' }));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.message).toMatch(/Syntax Error/);
    expect(body.errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers a validation error with 400 naming the unknown field', async () => {
    const response = await post(JSON.stringify({ query: '{ plans { price } }' }), { accept: 'application/graphql-response+json' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(JSON.stringify(await response.json())).toMatch(/Cannot query field \\"price\\" on type \\"Plan\\"/);
  });

  it("hides a subgraph's internal failure behind INTERNAL and keeps the rest of the response", async () => {
    const response = await post(JSON.stringify({ query: '{ plans { id } currentPlan { id } }' }));
    const text = await response.text();
    expect(text).not.toMatch(/ECONNREFUSED|SELECT|10\.0\.0\.7/);
    const body = JSON.parse(text) as { data: unknown; errors: { extensions: { code: string } }[] };
    expect(body.data).toBeNull(); // currentPlan is non-null, so the null reaches the root
    expect(body.errors[0]?.extensions.code).toBe('INTERNAL');
  });

  it('serves the explorer to browsers at the same URL', async () => {
    const response = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/<div id="graphiql"|<div id="root"/);
  });
});

describe('graphql-ws at /graphql', () => {
  const connect = () =>
    createClient({ url: gateway.url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0 });

  it('runs a query over the socket', async () => {
    const client = connect();
    try {
      const result = await new Promise((resolve, reject) => {
        client.subscribe({ query: '{ plans { id } }' }, { next: resolve, error: reject, complete: () => {} });
      });
      expect(result).toEqual({ data: { plans: [{ id: 'free' }, { id: 'pro' }] } });
    } finally {
      await client.dispose();
    }
  });

  it('answers a query over the socket whose field fails with the error and its code, keeping the socket', async () => {
    const client = connect();
    try {
      const run = (query: string) =>
        new Promise<{ data?: unknown; errors?: readonly { message: string; extensions?: { code?: string } }[] }>((resolve, reject) => {
          client.subscribe({ query }, { next: resolve, error: reject, complete: () => {} });
        });
      const failed = await run('{ plans { id } currentPlan { id } }');
      expect(failed.errors?.[0]?.extensions?.code).toMatch(/^[A-Z_]+$/);
      // The same socket still answers.
      expect(await run('{ plans { id } }')).toEqual({ data: { plans: [{ id: 'free' }, { id: 'pro' }] } });
    } finally {
      await client.dispose();
    }
  });

  it('closes with 4400 (bad request), not 4500, when a client sends a message only servers send', async () => {
    const socket = new WebSocket(gateway.url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      socket.onclose = (event) => resolve({ code: event.code, reason: event.reason });
    });
    socket.send(JSON.stringify({ type: 'next', id: '1', payload: {} }));
    expect(await closed).toEqual({ code: 4400, reason: 'Clients do not send "next" messages' });
  });

  it('answers a subscription with a clear error rather than hanging', async () => {
    const client = connect();
    try {
      const result = await new Promise<{ errors?: readonly { message: string }[] }>((resolve, reject) => {
        client.subscribe({ query: 'subscription { eventPublished(topic: "t") { id } }' }, { next: resolve, error: reject, complete: () => {} });
      });
      expect(result.errors?.[0]?.message).toMatch(/not available/);
    } finally {
      await client.dispose();
    }
  });
});

describe('operational endpoints', () => {
  it('reports liveness at /healthz', async () => {
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });

  it('exposes request counts and per-operation latency at /metrics', async () => {
    await post(JSON.stringify({ query: 'query PlanNames { plans { name } }', operationName: 'PlanNames' }));
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(text).toMatch(/fedbase_graphql_operation_duration_seconds_count\{service="gateway",operation="PlanNames",outcome="ok"\} 1/);
    expect(text).toMatch(/fedbase_http_requests_total\{route="\/graphql",status="200",service="gateway"\}/);
  });

  it('answers other methods on /graphql with 405 and the methods it takes', async () => {
    const response = await fetch(`${gateway.url}/graphql`, { method: 'PUT', body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers unknown paths with 404', async () => {
    expect((await fetch(`${gateway.url}/nope`)).status).toBe(404);
  });

  it('is not ready while a subgraph is down, and ready again once it is back', async () => {
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
    const billing = subgraphs.get('billing');
    if (!billing) throw new Error('no billing fixture');
    await billing.close();
    const down = await fetch(`${gateway.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ subgraphs: expect.arrayContaining([{ name: 'billing', ready: false }]) });
    subgraphs.set('billing', await startFixtureSubgraph('billing', billing.port));
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
    // and queries recover by themselves, with no restart of the gateway
    expect(await (await post(JSON.stringify({ query: '{ plans { id } }' }))).json()).toEqual({ data: { plans: [{ id: 'free' }, { id: 'pro' }] } });
  });
});
