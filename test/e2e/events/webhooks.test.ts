import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStack, type RunningStack, type StackProject } from '@fedbase/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, signUp, uniqueEmail, type Session } from '../../support/identity-client.ts';

interface Delivered {
  headers: IncomingMessage['headers'];
  body: string;
  status: number;
}

/** A webhook receiver on loopback that answers each request with the next planned status. */
async function startReceiver(plan: (count: number) => number): Promise<{ url: string; requests: Delivered[]; server: Server }> {
  const requests: Delivered[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = plan(requests.length + 1);
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, requests, server };
}

const until = async <T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('webhooks and the event log, through the gateway', () => {
  let stack: RunningStack;
  let project: StackProject;
  let ann: Session;
  const servers: Server[] = [];
  const secret = () => ({ key: project.secretKey });

  beforeAll(async () => {
    stack = await startStack({
      env: { PASSWORD_HASH_COST: '10', AUTH_ATTEMPTS_PER_IP: '10000', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_BACKOFF_MS: '50', WEBHOOK_MAX_ATTEMPTS: '3' },
    });
    project = stack.firstProject!;
    await gql(stack.gatewayUrl, 'mutation { createCollection(name: "orders", fields: [{ name: "total", type: INT }], rules: { read: "public" }) { name } }', {}, secret());
    ann = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('ann'));
  });

  afterAll(async () => {
    servers.forEach((server) => server.close());
    await stack?.stop();
  });

  const createWebhook = async (url: string, topics: string[]) => {
    const response = await gql(stack.gatewayUrl, 'mutation ($u: String!, $t: [String!]!) { createWebhook(url: $u, topics: $t) { secret webhook { id url topics enabled } } }', { u: url, t: topics }, secret());
    expect(response.body.errors).toBeUndefined();
    return response.body.data?.['createWebhook'] as { secret: string; webhook: { id: string } };
  };
  const deliveries = async (webhookId: string) =>
    (await gql(stack.gatewayUrl, 'query ($w: ID!) { deliveries(webhookId: $w) { id status attempts lastStatusCode event { id topic payload } } }', { w: webhookId }, secret())).body.data?.['deliveries'] as {
      id: string;
      status: string;
      attempts: number;
      lastStatusCode: number | null;
      event: { id: string; topic: string; payload: any };
    }[];

  it('retries a failing receiver with the same webhook-id until it accepts, each attempt signed per Standard Webhooks', async () => {
    const receiver = await startReceiver((count) => (count <= 2 ? 500 : 204));
    servers.push(receiver.server);
    const { secret: signingSecret, webhook } = await createWebhook(receiver.url, ['data.document.*']);
    expect(signingSecret).toMatch(/^whsec_/);
    const created = await gql(stack.gatewayUrl, 'mutation { createDocument(collection: "orders", data: { total: 42 }) { id } }', {}, { key: project.publishableKey, token: ann.accessToken });
    const documentId = created.body.data?.['createDocument'].id;

    await until(() => (receiver.requests.length >= 3 ? true : undefined), 'three attempts');
    const ids = new Set(receiver.requests.map((request) => request.headers['webhook-id']));
    expect(ids.size).toBe(1);
    const verifier = new Webhook(signingSecret);
    for (const request of receiver.requests) {
      const payload = verifier.verify(request.body, request.headers as Record<string, string>) as { type: string; data: any };
      expect(payload).toMatchObject({ type: 'data.document.created', data: { collection: 'orders', id: documentId, document: { data: { total: 42 }, ownerId: ann.user.id } } });
    }
    const [delivery] = await until(async () => {
      const list = await deliveries(webhook.id);
      return list?.[0]?.status === 'SUCCEEDED' ? list : undefined;
    }, 'the delivery to succeed');
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attempts: 3, lastStatusCode: 204, event: { topic: 'data.document.created' } });
  });

  it('turns a delivery into a dead letter after the last attempt and replays it on request', async () => {
    let healthy = false;
    const receiver = await startReceiver(() => (healthy ? 200 : 503));
    servers.push(receiver.server);
    const { webhook } = await createWebhook(receiver.url, ['app.*']);
    const published = await gql(stack.gatewayUrl, 'mutation { publish(topic: "app.invoice.paid", payload: { invoice: 7 }) { id topic } }', {}, secret());
    expect(published.body.data?.['publish']).toMatchObject({ topic: 'app.invoice.paid' });

    const [dead] = await until(async () => {
      const list = await deliveries(webhook.id);
      return list?.[0]?.status === 'DEAD' ? list : undefined;
    }, 'a dead letter');
    expect(dead).toMatchObject({ attempts: 3, lastStatusCode: 503 });
    expect(receiver.requests).toHaveLength(3);

    healthy = true;
    const replayed = await gql(stack.gatewayUrl, 'mutation ($w: ID!) { replayDeadLetters(webhookId: $w) }', { w: webhook.id }, secret());
    expect(replayed.body.data?.['replayDeadLetters']).toBe(1);
    await until(async () => ((await deliveries(webhook.id))?.[0]?.status === 'SUCCEEDED' ? true : undefined), 'the replayed delivery to succeed');
    expect(receiver.requests.at(-1)?.status).toBe(200);
    expect(new Set(receiver.requests.map((request) => request.headers['webhook-id'])).size).toBe(1);
  });

  it('publishes once per idempotency key and lists the log with cursors, oldest first', async () => {
    const publish = (n: number, key: string) =>
      gql(stack.gatewayUrl, 'mutation ($p: JSON!, $k: String) { publish(topic: "app.page", payload: $p, idempotencyKey: $k) { id } }', { p: { n }, k: key }, secret());
    const first = await publish(1, 'page-1');
    const again = await publish(1, 'page-1');
    expect(again.body.data?.['publish'].id).toBe(first.body.data?.['publish'].id);
    expect(codes(await publish(99, 'page-1'))).toEqual(['CONFLICT']);
    for (const n of [2, 3, 4]) await publish(n, `page-${n}`);

    const page = (after: string | null) =>
      gql(stack.gatewayUrl, 'query ($a: String) { events(topic: "app.page", first: 2, after: $a) { totalCount edges { node { payload } } pageInfo { hasNextPage endCursor } } }', { a: after }, secret());
    const one = (await page(null)).body.data?.['events'];
    expect(one.totalCount).toBe(4);
    expect(one.edges.map((edge: any) => edge.node.payload.n)).toEqual([1, 2]);
    const two = (await page(one.pageInfo.endCursor)).body.data?.['events'];
    expect(two.edges.map((edge: any) => edge.node.payload.n)).toEqual([3, 4]);
    expect(two.pageInfo.hasNextPage).toBe(false);
  });

  it("records other subgraphs' system events in the log, readable with the secret key only", async () => {
    const email = uniqueEmail('logged');
    const user = await signUp(stack.gatewayUrl, project.publishableKey, email);
    const logged = await until(async () => {
      const response = await gql(stack.gatewayUrl, '{ events(topic: "identity.*", first: 100) { edges { node { topic payload } } } }', {}, secret());
      const edges = response.body.data?.['events'].edges as { node: { topic: string; payload: any } }[] | undefined;
      return edges?.find((edge) => edge.node.topic === 'identity.user.created' && JSON.stringify(edge.node.payload).includes(user.user.id));
    }, 'identity.user.created in the log');
    expect(logged.node.topic).toBe('identity.user.created');
    const asUser = await gql(stack.gatewayUrl, '{ events(topic: "identity.*") { totalCount } }', {}, { key: project.publishableKey, token: ann.accessToken });
    expect(codes(asUser)).toEqual(['FORBIDDEN']);
    const systemPublish = await gql(stack.gatewayUrl, 'mutation { publish(topic: "data.document.created", payload: {}) { id } }', {}, secret());
    expect(codes(systemPublish)).toEqual(['FORBIDDEN']);
  });

  it('refuses webhook destinations inside the network unless allowed, and other schemes always', async () => {
    const response = await gql(stack.gatewayUrl, 'mutation { createWebhook(url: "ftp://example.com/x", topics: ["*"]) { secret } }', {}, secret());
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    const asUser = await gql(stack.gatewayUrl, 'mutation { createWebhook(url: "https://example.com/x", topics: ["*"]) { secret } }', {}, { key: project.publishableKey, token: ann.accessToken });
    expect(codes(asUser)).toEqual(['FORBIDDEN']);
  });
});
