import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type RunningStack } from '@fedbase/testing';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { postGraphQL } from '../../support/graphql-client.ts';
import { subscribe } from '../../support/subscription-client.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// The operations this "production app" registered; everything else runs for the operator only.
const plans = 'query Plans { plans { id } }';
const typename = 'query Typename { __typename }';
const introspect = 'query SchemaName { __schema { queryType { name } } }';
const published = 'subscription Published($topic: String!) { eventPublished(topic: $topic) { id topic } }';
const registered = [plans, typename, introspect, published];

const deepIntrospection = `{ plans { id } __schema { types { fields { type { ${'ofType { '.repeat(14)}name${' }'.repeat(14)} } } } } }`;

/** One stack in the strictest production shape: TRUSTED_DOCUMENTS, INTROSPECTION=false, default limits. */
describe('hostile input at the gateway', () => {
  let stack: RunningStack;
  let manifestDir: string;
  const operator = () => ({ 'x-admin-secret': stack.adminSecret });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] },
    }));
  /** Subgraph fetches the gateway has made so far, from its /metrics. */
  const subgraphFetches = async () => {
    const text = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
    return [...text.matchAll(/^fedbase_gateway_subgraph_fetch_duration_seconds_count\{[^}]*\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  };
  const socket = (params: Record<string, string> = {}): Client =>
    createClient({ url: `${stack.gatewayUrl.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: params, retryAttempts: 0, lazy: true });
  const socketErrors = async (client: Client, payload: { query: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> }) => {
    const live = subscribe(client, payload.query, payload.variables);
    await live.ended;
    return live.refusal as { message: string; extensions?: Record<string, unknown> }[] | undefined;
  };

  beforeAll(async () => {
    manifestDir = await mkdtemp(join(tmpdir(), 'fedbase-trusted-'));
    const manifest = join(manifestDir, 'manifest.json');
    await writeFile(manifest, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: registered.map((body) => ({ id: sha256(body), name: body.split(/[ ({]/)[1], type: body.split(' ')[0], body })) }));
    // Generous: the stack starts in ~30 s on two idle cores, much slower on a loaded machine.
    stack = await startStack({ env: { TRUSTED_DOCUMENTS: manifest, INTROSPECTION: 'false' }, timeoutMs: 280_000 });
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    await rm(manifestDir, { recursive: true, force: true });
  });

  describe('trusted documents', () => {
    it('runs a registered operation named by documentId, with or without the sha256: prefix', async () => {
      for (const documentId of [`sha256:${sha256(plans)}`, sha256(plans)]) {
        const response = await post({ documentId });
        expect(response.status).toBe(200);
        expect(response.body.data?.['plans'].length).toBeGreaterThan(0);
      }
    });

    it('runs a registered operation named by an APQ hash, over POST and GET', async () => {
      const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(plans) } };
      const response = await post({ extensions });
      expect(response.status).toBe(200);
      expect(response.body.data?.['plans'].length).toBeGreaterThan(0);
      const get = await fetch(`${stack.gatewayUrl}/graphql?extensions=${encodeURIComponent(JSON.stringify(extensions))}`, { headers: { accept: 'application/json' } });
      expect(get.status).toBe(200);
    });

    it('runs the exact text of a registered operation', async () => {
      const response = await postGraphQL(stack.gatewayUrl, plans);
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
    });

    it('refuses any other document, or an unknown id, with 400 BAD_USER_INPUT before a subgraph is asked', async () => {
      const before = await subgraphFetches();
      for (const body of [{ query: '{ plans { id } }' }, { documentId: `sha256:${sha256('{ plans { id } }')}` }, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ x }') } } }]) {
        const response = await post(body);
        expect(response.status).toBe(400);
        expect(response.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
        expect(response.body.errors?.[0]?.message).toMatch(/^This gateway runs only registered operations \(TRUSTED_DOCUMENTS\)/);
      }
      expect(await subgraphFetches()).toBe(before);
    });

    it('lets the operator run any document', async () => {
      const response = await postGraphQL(stack.gatewayUrl, '{ plans { id requestsPerSecond } }', { headers: operator() });
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
    });

    it('refuses an unregistered operation on graphql-ws too, and runs a registered subscription', async () => {
      const client = socket({ 'x-api-key': stack.firstProject!.secretKey });
      try {
        const refusal = await socketErrors(client, { query: 'subscription { eventPublished(topic: "x") { id } }' });
        expect(refusal?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
        expect(refusal?.[0]?.message).toMatch(/TRUSTED_DOCUMENTS/);
        const live = subscribe(client, published, { topic: 'app.limits' });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(live.refusal).toBeUndefined();
        live.close();
      } finally {
        await client.dispose();
      }
    });
  });

  describe('introspection (INTROSPECTION=false)', () => {
    it('refuses __schema to an app with 400 BAD_USER_INPUT, even as a registered operation', async () => {
      const response = await post({ documentId: `sha256:${sha256(introspect)}` });
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.message).toMatch(/Introspection \(__schema, __type\) is off on this gateway \(INTROSPECTION=false\)/);
    });

    it('still answers __typename', async () => {
      const response = await post({ documentId: sha256(typename) });
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ __typename: 'Query' });
    });

    it('lets the operator introspect, so the explorer works with x-admin-secret', async () => {
      const response = await postGraphQL(stack.gatewayUrl, '{ __schema { queryType { name } } __type(name: "Plan") { name } }', { headers: operator() });
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ __schema: { queryType: { name: 'Query' } }, __type: { name: 'Plan' } });
    });
  });

  describe('depth, cost and size limits (the operator too)', () => {
    it('refuses a query deeper than MAX_QUERY_DEPTH with 400 before any subgraph is asked', async () => {
      const before = await subgraphFetches();
      const response = await postGraphQL(stack.gatewayUrl, deepIntrospection, { headers: operator() });
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.message).toBe('This query is 19 levels deep; the limit is 15 (MAX_QUERY_DEPTH). Split it or ask for fewer nested fields.');
      expect(await subgraphFetches()).toBe(before);
    });

    it('refuses a page size in a variable that makes the query cost more than MAX_QUERY_COST', async () => {
      const query = 'query ($n: Int) { auditLog(first: $n) { edges { node { seq action } } } }';
      const response = await postGraphQL(stack.gatewayUrl, query, { variables: { n: 100_000 }, headers: operator() });
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(response.body.errors?.[0]?.message).toBe('This query costs 400001; the limit is 5000 (MAX_QUERY_COST). Ask for fewer items (first/last/limit), fewer aliases or fewer nested lists, or split it.');
    });

    it('counts every alias of an expensive field', async () => {
      const aliases = Array.from({ length: 20 }, (_, i) => `p${i}: events(topic: "x", first: 100) { edges { node { id topic } } }`).join(' ');
      const response = await postGraphQL(stack.gatewayUrl, `{ ${aliases} }`, { headers: operator() });
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]?.message).toMatch(/^This query costs 8020; the limit is 5000 \(MAX_QUERY_COST\)/);
    });

    it('refuses a token bomb and a 50,000-level nesting with 400, and keeps serving', async () => {
      const long = await postGraphQL(stack.gatewayUrl, `{ ${'a '.repeat(100_000)}}`, { headers: operator() });
      expect(long.status).toBe(400);
      expect(long.body.errors?.[0]?.message).toMatch(/more than 5000 tokens; the limit is 5000 \(MAX_QUERY_TOKENS\)/);
      const deep = await postGraphQL(stack.gatewayUrl, `${'{a'.repeat(50_000)}${'}'.repeat(50_000)}`, { headers: operator() });
      expect(deep.status).toBe(400);
      expect(deep.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
      const after = await post({ documentId: sha256(plans) });
      expect(after.status).toBe(200);
    });

    it('applies the same limits to queries and subscriptions on graphql-ws, and the socket stays usable', async () => {
      const client = socket(operator());
      try {
        const deep = await socketErrors(client, { query: deepIntrospection });
        expect(deep?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
        expect(deep?.[0]?.message).toMatch(/19 levels deep; the limit is 15 \(MAX_QUERY_DEPTH\)/);
        const bomb = await socketErrors(client, { query: `${'{a'.repeat(50_000)}${'}'.repeat(50_000)}` });
        expect(bomb?.[0]?.message).toMatch(/the limit is 47 \(MAX_QUERY_DEPTH \+ 32\)/);
        const deepSubscription = await socketErrors(client, { query: `subscription { eventPublished(topic: "x") { ${'payload { '.repeat(20)}id${' }'.repeat(20)} } }` });
        expect(deepSubscription?.some((error) => /levels deep; the limit is 15 \(MAX_QUERY_DEPTH\)/.test(error.message))).toBe(true);
        const costly = await socketErrors(client, { query: 'query ($n: Int) { auditLog(first: $n) { edges { node { seq } } } }', variables: { n: 100_000 } });
        expect(costly?.[0]?.message).toMatch(/MAX_QUERY_COST/);
        const live = subscribe(client, plans);
        expect((await live.next()).data?.['plans'].length).toBeGreaterThan(0);
      } finally {
        await client.dispose();
      }
    });
  });

  it('refuses a batch (a JSON array body) with 400 BAD_USER_INPUT saying to send one operation per request', async () => {
    const response = await post([{ documentId: sha256(plans) }, { documentId: sha256(plans) }]);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).toMatch(/^Batched requests \(a JSON array of operations\) are not accepted: send one operation per request/);
  });
});
