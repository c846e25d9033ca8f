import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, signUp, uniqueEmail, type Caller, type Session } from '../support/identity-client.ts';
import { connect, subscribe } from '../support/subscription-client.ts';
import { startCluster, type RunningCluster } from './support/start-cluster.ts';
import { runWriteLoad } from './support/run-write-load.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/start-webhook-receiver.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every id of a paginated connection, following cursors. */
async function allIds(url: string, caller: Caller, query: string, variables: Record<string, unknown>, field: string, idOf: (node: any) => string): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const response = await gql(url, query, { ...variables, after }, caller);
    const connection = response.body.data?.[field] as { edges: { node: unknown }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } | undefined;
    if (!connection) throw new Error(`reading ${field} failed: ${JSON.stringify(response.body.errors)}`);
    for (const edge of connection.edges) ids.add(idOf(edge.node));
    if (!connection.pageInfo.hasNextPage) return ids;
    after = connection.pageInfo.endCursor;
  }
}

/** Waits until every gateway's /readyz is 200 (every subgraph behind it answers); returns how long that took. */
async function untilReady(urls: readonly string[], timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (const url of urls) {
    for (;;) {
      const readyz = await fetch(`${url}/readyz`).catch(() => undefined);
      if (readyz?.status === 200) break;
      if (Date.now() - started > timeoutMs) throw new Error(`${url} is not ready again: ${await readyz?.text()}`);
      await sleep(250);
    }
  }
  return Date.now() - started;
}

const alive = (pid: number | undefined) => {
  try {
    return pid !== undefined && process.kill(pid, 0);
  } catch {
    return false;
  }
};

// The production topology on one machine (two gateways behind a balancer, two of every subgraph,
// one PostgreSQL, one Redis), then faults under load. Each scenario prints what it measured.
describe('two gateways and two of every subgraph on one PostgreSQL and one Redis', () => {
  let cluster: RunningCluster;
  let ann: Session;
  let receiver: WebhookReceiver;
  let webhookId: string;
  const secret = () => ({ key: cluster.project.secretKey });

  beforeAll(async () => {
    cluster = await startCluster({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_BACKOFF_MS: '50', SUBGRAPH_BREAKER_COOLDOWN_MS: '500' });
    receiver = await startWebhookReceiver();
    await gql(cluster.url, 'mutation { createCollection(name: "ledger", fields: [{ name: "n", type: INT }, { name: "writer", type: INT }], rules: { read: "public" }) { name } }', {}, secret());
    const hook = await gql(cluster.url, 'mutation ($u: String!) { createWebhook(url: $u, topics: ["data.document.created"]) { webhook { id } } }', { u: receiver.url }, secret());
    webhookId = hook.body.data?.['createWebhook']?.webhook?.id as string;
    expect(webhookId, JSON.stringify(hook.body)).toBeTruthy();
    ann = await signUp(cluster.url, cluster.project.publishableKey, uniqueEmail('ann'));
  }, 300_000);

  afterAll(async () => {
    await receiver?.close();
    await cluster?.stop();
  });

  it('starts both launchers at once with one first project between them', () => {
    console.log(`cluster start: 2 launchers at once on one database, first projects created: ${cluster.firstProjects}`);
    expect(cluster.firstProjects).toBe(1);
  });

  it('behaves as one backend: a token, a write and a subscription work across gateways', async () => {
    const [one, two] = cluster.stacks;
    const user = { key: cluster.project.publishableKey, token: ann.accessToken };
    // The token signed by one identity instance is taken by the other gateway and its subgraphs.
    for (const stack of cluster.stacks) expect((await gql(stack.gatewayUrl, '{ me { id } }', {}, user)).body.data).toEqual({ me: { id: ann.user.id } });

    const client = connect(one.gatewayUrl, { key: cluster.project.publishableKey });
    try {
      const live = subscribe(client, 'subscription { documentChanged(collection: "ledger") { operation document { id data owner { email } } } }');
      let heard;
      let madeId: string | undefined;
      for (let attempt = 0; attempt < 30 && !heard; attempt += 1) {
        const made = await gql(two.gatewayUrl, 'mutation ($d: JSON!) { createDocument(collection: "ledger", data: $d) { id } }', { d: { n: -1 - attempt } }, user);
        expect(made.body.errors).toBeUndefined();
        madeId = made.body.data?.['createDocument']?.id;
        heard = await live.next(undefined, 300).catch(() => undefined);
      }
      expect(heard?.data?.['documentChanged']).toMatchObject({ operation: 'CREATED', document: { data: { n: expect.any(Number) }, owner: { email: ann.user.email } } });
      const read = await gql(one.gatewayUrl, 'query ($id: ID!) { document(collection: "ledger", id: $id) { id } }', { id: madeId }, user);
      expect(read.body.data?.['document']).toEqual({ id: madeId });
      live.close();
    } finally {
      await client.dispose();
    }
  });

  it('loses no acknowledged write and no event when subgraphs and a gateway are SIGKILLed under write load', async () => {
    const [one, two] = cluster.stacks;
    const killed: string[] = [];
    const faults = (async () => {
      await sleep(1_500);
      process.kill(one.pids['data']!, 'SIGKILL');
      killed.push('data#1');
      await sleep(1_500);
      process.kill(two.pids['events']!, 'SIGKILL');
      killed.push('events#2');
      await sleep(1_500);
      process.kill(one.pids['gateway']!, 'SIGKILL');
      killed.push('gateway#1');
      await sleep(1_500);
      process.kill(two.pids['identity']!, 'SIGKILL');
      killed.push('identity#2');
      await sleep(3_000);
    })();
    const load = await runWriteLoad({ url: cluster.url, caller: { key: cluster.project.publishableKey, token: ann.accessToken }, collection: 'ledger', concurrency: 6, until: faults });
    const recoveredInMs = await untilReady(cluster.stacks.map((stack) => stack.gatewayUrl), 90_000);

    // Every acknowledged write is in the database, the event log and (eventually) at the webhook.
    const found = await allIds(cluster.url, secret(), 'query ($after: String) { documents(collection: "ledger", first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }', {}, 'documents', (node) => node.id);
    const missingWrites = load.acknowledged.filter((id) => !found.has(id));
    const deadline = Date.now() + 90_000;
    let logged = new Set<string>();
    for (;;) {
      logged = await allIds(cluster.url, secret(), 'query ($after: String) { events(topic: "data.document.created", first: 100, after: $after) { edges { node { payload } } pageInfo { hasNextPage endCursor } } }', {}, 'events', (node) => node.payload.id);
      const done = load.acknowledged.every((id) => logged.has(id) && receiver.received.has(id));
      if (done || Date.now() > deadline) break;
      await sleep(500);
    }
    const dead = await gql(cluster.url, 'query ($w: ID!) { deliveries(webhookId: $w, status: DEAD, first: 100) { id } }', { w: webhookId }, secret());
    const deadCount = (dead.body.data?.['deliveries'] as unknown[] | undefined)?.length ?? 0;
    const notLogged = load.acknowledged.filter((id) => !logged.has(id));
    const notDelivered = load.acknowledged.filter((id) => !receiver.received.has(id));
    const duplicates = [...receiver.received.values()].filter((count) => count > 1).length;
    const failedTotal = Object.values(load.failed).reduce((sum, count) => sum + count, 0);
    console.log(
      `chaos (killed ${killed.join(', ')} under load): writes acknowledged ${load.acknowledged.length}, found ${load.acknowledged.length - missingWrites.length}; ` +
        `requests under fault answered ok ${load.acknowledged.length}, failed ${failedTotal} ${JSON.stringify(load.failed)}; ` +
        `events published ${load.acknowledged.length}, in log ${load.acknowledged.length - notLogged.length}, delivered ${load.acknowledged.length - notDelivered.length} (+${duplicates} duplicate), dead ${deadCount}; ` +
        `every instance ready again ${recoveredInMs} ms after the load`,
    );
    expect(killed).toHaveLength(4);
    expect(load.acknowledged.length).toBeGreaterThanOrEqual(10);
    expect(missingWrites).toEqual([]);
    expect(notLogged).toEqual([]);
    // The receiver always answers 200: nothing should have died, everything should have arrived.
    expect(deadCount).toBe(0);
    expect(notDelivered).toEqual([]);
  }, 240_000);

  it('recovers by itself: every killed process is back and both gateways answer for every subgraph', async () => {
    await untilReady(cluster.stacks.map((stack) => stack.gatewayUrl), 60_000);
    for (const stack of cluster.stacks) {
      const answer = await gql(stack.gatewayUrl, '{ project { id } currentPlan { id } documents(collection: "ledger", first: 1) { totalCount } events(topic: "data.*", first: 1) { edges { node { id } } } }', {}, { key: cluster.project.secretKey });
      expect(answer.body.errors).toBeUndefined();
    }
    // The processes killed above were replaced (new pids) by their launchers.
    expect(alive(cluster.stacks[0].pids['data'])).toBe(false);
  }, 90_000);

  it('drains a gateway on SIGTERM: requests in flight are answered and subscribers get 1001 (going away)', async () => {
    const [, two] = cluster.stacks;
    const gatewayPid = two.pids['gateway']!;
    const socketClosed = new Promise<number>((resolve) => {
      const client = connect(two.gatewayUrl, { key: cluster.project.publishableKey });
      client.on('closed', (event) => resolve((event as { code: number }).code));
      subscribe(client, 'subscription { documentChanged(collection: "ledger") { operation } }');
    });
    await sleep(500);
    const stopped = (async () => {
      await sleep(1_000);
      process.kill(gatewayPid, 'SIGTERM');
      await sleep(2_000);
    })();
    const load = await runWriteLoad({ url: cluster.url, caller: { key: cluster.project.publishableKey, token: ann.accessToken }, collection: 'ledger', concurrency: 6, until: stopped });
    const code = await socketClosed;
    const failedTotal = Object.values(load.failed).reduce((sum, count) => sum + count, 0);
    console.log(`graceful stop of gateway#2 under load: answered ${load.acknowledged.length}, failed ${failedTotal} ${JSON.stringify(load.failed)}; subscriber closed with ${code}`);
    expect(code).toBe(1001);
    expect(load.acknowledged.length).toBeGreaterThanOrEqual(3);
    expect(failedTotal).toBe(0);
  }, 60_000);
});
