import { startStack, type RunningStack, type StackProject } from '@fedbase/testing';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, signUp, uniqueEmail, type Session } from '../../support/identity-client.ts';
import { readMetric } from '../../support/read-metric.ts';
import { connect, subscribe, type LiveSubscription, type Received } from '../../support/subscription-client.ts';

// documentChanged through the gateway on the embedded defaults: the subscription is planned by the
// gateway, streamed from the data subgraph, and each event completed with identity's fields.
describe('document subscriptions, through the gateway', () => {
  let stack: RunningStack;
  let project: StackProject;
  let ann: Session;
  let bob: Session;
  const clients: Client[] = [];

  beforeAll(async () => {
    // Short project tokens, so the gateway asks identity about a key again within a second or two.
    stack = await startStack({ env: { PASSWORD_HASH_COST: '10', AUTH_ATTEMPTS_PER_IP: '10000', PROJECT_TOKEN_TTL_SECONDS: '5' } });
    project = stack.firstProject!;
    for (const [name, read] of [['notes', 'owner'], ['news', 'authenticated']] as const) {
      const created = await gql(stack.gatewayUrl, `mutation { createCollection(name: "${name}", fields: [{ name: "title", type: STRING }], rules: { read: "${read}" }) { name } }`, {}, { key: project.secretKey });
      expect(created.body.errors).toBeUndefined();
    }
    ann = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('ann'));
    bob = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('bob'));
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await stack?.stop();
  });

  const client = (session: Session | null, key = project.publishableKey) => {
    const created = connect(stack.gatewayUrl, { key, ...(session ? { token: session.accessToken } : {}) });
    clients.push(created);
    return created;
  };
  const create = (session: Session, collection: string, title: string) =>
    gql(stack.gatewayUrl, 'mutation ($c: String!, $d: JSON!) { createDocument(collection: $c, data: $d) { id } }', { c: collection, d: { title } }, { key: project.publishableKey, token: session.accessToken });

  /**
   * There is no acknowledgement that a subscription is live, so a test writes until the first
   * event arrives (each write has a distinct title), then relies on order from there.
   */
  async function writeUntilHeard(live: LiveSubscription, write: (attempt: number) => Promise<unknown>): Promise<Received> {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      await write(attempt);
      const heard = await live.next(undefined, 200).catch(() => undefined);
      if (heard) return heard;
    }
    throw new Error(`nothing heard: ${JSON.stringify(live.results)} ${JSON.stringify(live.refusal)}`);
  }

  // First in the file: no other subscription exists yet, so both gauges start at zero.
  it('releases a subscription at the gateway and at the data subgraph when its subscriber disconnects', async () => {
    const active = (baseUrl: string) => readMetric(baseUrl, 'fedbase_graphql_subscriptions_active');
    const dataUrl = stack.urls['data']!.replace(/\/graphql$/, '');
    const subscribers = [client(ann), client(bob), client(null, project.secretKey)];
    for (const [index, subscriber] of subscribers.entries()) {
      const live = subscribe(subscriber, 'subscription { documentChanged(collection: "news") { operation } }');
      await writeUntilHeard(live, (attempt) => create(ann, 'news', `gauge ${index} ${attempt}`));
    }
    expect(await active(stack.gatewayUrl)).toBe(3);
    expect(await active(dataUrl)).toBe(3);
    // Gone without a word (no `complete`): the socket closes, as when an app's tab is shut.
    await Promise.all(subscribers.map((subscriber) => subscriber.dispose()));
    await expect.poll(() => active(stack.gatewayUrl), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => active(dataUrl), { timeout: 5_000 }).toBe(0);
  });

  it("delivers a change with the owner's email, which only identity knows", async () => {
    const live = subscribe(client(ann), 'subscription { documentChanged(collection: "news") { operation document { id data owner { id email } } } }');
    const heard = await writeUntilHeard(live, (attempt) => create(ann, 'news', `hello ${attempt}`));
    expect(heard.errors).toBeUndefined();
    expect(heard.data?.['documentChanged']).toMatchObject({
      operation: 'CREATED',
      document: { data: { title: expect.stringMatching(/^hello \d+$/) }, owner: { id: ann.user.id, email: ann.user.email } },
    });
    live.close();
  });

  it('reports updates and deletes in order, the deleted document as it was', async () => {
    const live = subscribe(client(bob), 'subscription { documentChanged(collection: "news") { operation document { id version data } } }');
    let id = '';
    await writeUntilHeard(live, async (attempt) => {
      id = (await create(ann, 'news', `draft ${attempt}`)).body.data?.['createDocument'].id;
    });
    const headers = { key: project.publishableKey, token: ann.accessToken };
    await gql(stack.gatewayUrl, 'mutation ($id: ID!) { updateDocument(collection: "news", id: $id, data: { title: "final" }) { version } }', { id }, headers);
    await gql(stack.gatewayUrl, 'mutation ($id: ID!) { deleteDocument(collection: "news", id: $id) }', { id }, headers);
    const updated = await live.next((result) => result.data?.['documentChanged'].document.id === id);
    const deleted = await live.next((result) => result.data?.['documentChanged'].document.id === id);
    expect(updated.data?.['documentChanged']).toEqual({ operation: 'UPDATED', document: { id, version: 2, data: { title: 'final' } } });
    expect(deleted.data?.['documentChanged']).toEqual({ operation: 'DELETED', document: { id, version: 2, data: { title: 'final' } } });
    live.close();
  });

  it("sends a subscriber none of the changes the collection's rules hide from it", async () => {
    // "notes" are readable by their owner only: Bob hears his own notes and never Ann's.
    const bobs = subscribe(client(bob), 'subscription { documentChanged(collection: "notes") { document { data owner { id } } } }');
    await writeUntilHeard(bobs, (attempt) => create(bob, 'notes', `bob ${attempt}`));
    await create(ann, 'notes', 'secret of ann');
    await create(bob, 'notes', 'after ann');
    await bobs.next((result) => result.data?.['documentChanged'].document.data.title === 'after ann');
    const titles = bobs.results.map((result) => result.data?.['documentChanged'].document.data.title as string);
    expect(titles.every((title) => title.startsWith('bob') || title === 'after ann')).toBe(true);
    expect(bobs.results.every((result) => result.data?.['documentChanged'].document.owner.id === bob.user.id)).toBe(true);
    bobs.close();
  });

  it('refuses a subscriber who could read nothing with a clear error', async () => {
    const anonymous = subscribe(client(null), 'subscription { documentChanged(collection: "news") { document { id } } }');
    await anonymous.ended;
    const errors = (anonymous.refusal ?? anonymous.results[0]?.errors) as { extensions?: { code?: string }; message: string }[];
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const missing = subscribe(client(ann), 'subscription { documentChanged(collection: "nope") { document { id } } }');
    await missing.ended;
    const notFound = (missing.refusal ?? missing.results[0]?.errors) as { extensions?: { code?: string } }[];
    expect(notFound?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('lets a subscription of another project hear nothing of this one', async () => {
    const other = await gql(stack.gatewayUrl, 'mutation { createProject(name: "other") { project { id } publishableKey secretKey } }', {}, { headers: { 'x-admin-secret': stack.adminSecret } });
    const keys = other.body.data?.['createProject'];
    await gql(stack.gatewayUrl, 'mutation { createCollection(name: "news", fields: [{ name: "title", type: STRING }], rules: { read: "public" }) { name } }', {}, { key: keys.secretKey });
    const outsider = subscribe(client(null, keys.publishableKey), 'subscription { documentChanged(collection: "news") { document { data } } }');
    const insider = subscribe(client(ann), 'subscription { documentChanged(collection: "news") { document { data } } }');
    await writeUntilHeard(insider, (attempt) => create(ann, 'news', `inside ${attempt}`));
    await create(ann, 'news', 'last inside');
    await insider.next((result) => result.data?.['documentChanged'].document.data.title === 'last inside');
    expect(outsider.results).toEqual([]);
    expect(outsider.refusal).toBeUndefined();
    outsider.close();
    insider.close();
  });

  it('ends a subscription with UNAUTHENTICATED once its API key is revoked: the caller is checked per event', async () => {
    const created = await gql(stack.gatewayUrl, 'mutation { createApiKey(name: "short-lived", kind: PUBLISHABLE) { key apiKey { id } } }', {}, { key: project.secretKey });
    const { key, apiKey } = created.body.data?.['createApiKey'] as { key: string; apiKey: { id: string } };
    const live = subscribe(client(ann, key), 'subscription { documentChanged(collection: "news") { document { data } } }');
    await writeUntilHeard(live, (attempt) => create(ann, 'news', `before revoke ${attempt}`));
    const revoked = await gql(stack.gatewayUrl, 'mutation ($id: ID!) { revokeApiKey(id: $id) }', { id: apiKey.id }, { key: project.secretKey });
    expect(revoked.body.data?.['revokeApiKey']).toBe(true);
    const refusal = await writeUntilHeardMatching(live, (result) => Boolean(result.errors), (attempt) => create(ann, 'news', `after revoke ${attempt}`));
    expect(refusal.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    await live.ended;
  });

  it('streams published events to signed-in subscribers of the topic, and keeps system topics to the secret key', async () => {
    const live = subscribe(client(bob), 'subscription { eventPublished(topic: "app.chat.*") { topic payload } }');
    const publish = (attempt: number) =>
      gql(stack.gatewayUrl, 'mutation ($p: JSON!) { publish(topic: "app.chat.lobby", payload: $p) { id } }', { p: { text: `hi ${attempt}` } }, { key: project.publishableKey, token: ann.accessToken });
    const heard = await writeUntilHeard(live, publish);
    expect(heard.data?.['eventPublished']).toMatchObject({ topic: 'app.chat.lobby', payload: { text: expect.stringMatching(/^hi \d+$/) } });
    live.close();
    const system = subscribe(client(bob), 'subscription { eventPublished(topic: "data.*") { topic } }');
    await system.ended;
    const errors = (system.refusal ?? system.results[0]?.errors) as { extensions?: { code?: string } }[];
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  /** Like writeUntilHeard, for a result that `match` accepts; gives the gateway's key cache time to expire. */
  async function writeUntilHeardMatching(live: LiveSubscription, match: (result: Received) => boolean, write: (attempt: number) => Promise<unknown>): Promise<Received> {
    for (let attempt = 0; attempt < 40; attempt += 1) {
      await write(attempt);
      const heard = await live.next(match, 500).catch(() => undefined);
      if (heard) return heard;
    }
    throw new Error(`never heard a matching result: ${JSON.stringify(live.results.slice(-3))}`);
  }
});
