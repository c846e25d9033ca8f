import { randomBytes } from 'node:crypto';
import { createTestDatabase, startStack, type RunningStack, type StackProject, type TestDatabase } from '@fedbase/testing';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, signUp, uniqueEmail } from '../../support/identity-client.ts';
import { connect, subscribe } from '../../support/subscription-client.ts';

// Two whole backends (gateway and five subgraphs each) on one PostgreSQL and one Redis, as two
// machines would run them: a subscriber on one hears a change made through the other, because the
// data subgraph that commits it publishes on Redis and the other's subscription resolver reads it.
describe('two gateways on one PostgreSQL and one Redis', () => {
  let database: TestDatabase;
  let one: RunningStack;
  let two: RunningStack;
  let project: StackProject;
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      ADMIN_SECRET: randomBytes(32).toString('base64url'),
      PASSWORD_HASH_COST: '10',
      AUTH_ATTEMPTS_PER_IP: '10000',
    };
    // At once, as a deployment scaling from zero starts: migrations and the first project are decided under locks.
    [one, two] = await Promise.all([startStack({ env, timeoutMs: 180_000 }), startStack({ env, timeoutMs: 180_000 })]);
    project = (one.firstProject ?? two.firstProject)!;
    await gql(one.gatewayUrl, 'mutation { createCollection(name: "feed", fields: [{ name: "text", type: STRING }], rules: { read: "public" }) { name } }', {}, { key: project.secretKey });
  }, 240_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await Promise.all([one?.stop(), two?.stop()]);
    await database?.drop();
  });

  it('delivers a change made through one gateway to a subscriber of the other, with identity fields', async () => {
    const ann = await signUp(two.gatewayUrl, project.publishableKey, uniqueEmail('ann'));
    const client = connect(one.gatewayUrl, { key: project.publishableKey });
    clients.push(client);
    const live = subscribe(client, 'subscription { documentChanged(collection: "feed") { operation document { data owner { email } } } }');
    let heard;
    for (let attempt = 0; attempt < 50 && !heard; attempt += 1) {
      const made = await gql(two.gatewayUrl, 'mutation ($d: JSON!) { createDocument(collection: "feed", data: $d) { id } }', { d: { text: `from two ${attempt}` } }, { key: project.publishableKey, token: ann.accessToken });
      expect(made.body.errors).toBeUndefined();
      heard = await live.next(undefined, 300).catch(() => undefined);
    }
    expect(heard?.data?.['documentChanged']).toMatchObject({ operation: 'CREATED', document: { data: { text: expect.stringMatching(/^from two/) }, owner: { email: ann.user.email } } });
    live.close();
  });
});
