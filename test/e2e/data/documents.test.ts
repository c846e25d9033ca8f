import { startStack, type RunningStack, type StackProject } from '@fedbase/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, signUp, uniqueEmail, type Session } from '../../support/identity-client.ts';

// Documents end to end on the embedded defaults: rules with real users and tokens, federation
// of Document.owner into identity, and NDJSON export/import through the gateway.
describe('documents, through the gateway', () => {
  let stack: RunningStack;
  let project: StackProject;
  let ann: Session;
  let bob: Session;

  beforeAll(async () => {
    stack = await startStack({ env: { PASSWORD_HASH_COST: '10', AUTH_ATTEMPTS_PER_IP: '10000' } });
    project = stack.firstProject!;
    const created = await gql(
      stack.gatewayUrl,
      `mutation { createCollection(name: "posts", fields: [{ name: "title", type: STRING, required: true }, { name: "score", type: INT }],
        rules: { read: "public", update: "owner", delete: "owner" }) { name fields { name type required } rules { read create update delete } } }`,
      {},
      { key: project.secretKey },
    );
    expect(created.body.errors).toBeUndefined();
    ann = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('ann'));
    bob = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('bob'));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const create = (session: Session | null, data: Record<string, unknown>) =>
    gql(stack.gatewayUrl, 'mutation ($d: JSON!) { createDocument(collection: "posts", data: $d) { id version data owner { id } } }', { d: data }, { key: project.publishableKey, ...(session ? { token: session.accessToken } : {}) });

  it('refuses createCollection to the publishable key', async () => {
    const response = await gql(stack.gatewayUrl, 'mutation { createCollection(name: "nope", fields: [{ name: "a", type: STRING }]) { name } }', {}, { key: project.publishableKey });
    expect(codes(response)).toEqual(['FORBIDDEN']);
  });

  it("creates a document owned by the signed-in user and resolves the owner's email from identity", async () => {
    const created = await create(ann, { title: 'Hello', score: 3 });
    const id = created.body.data?.['createDocument'].id;
    const read = await gql(stack.gatewayUrl, 'query ($id: ID!) { document(collection: "posts", id: $id) { data version owner { id email } } }', { id }, { key: project.publishableKey, token: bob.accessToken });
    expect(read.body.data?.['document']).toEqual({ data: { title: 'Hello', score: 3 }, version: 1, owner: { id: ann.user.id, email: ann.user.email } });
  });

  it("refuses to let another user update or delete someone's document", async () => {
    const id = (await create(ann, { title: 'Mine' })).body.data?.['createDocument'].id;
    const update = await gql(stack.gatewayUrl, 'mutation ($id: ID!) { updateDocument(collection: "posts", id: $id, data: { title: "Theirs" }) { id } }', { id }, { key: project.publishableKey, token: bob.accessToken });
    expect(codes(update)).toEqual(['FORBIDDEN']);
    const anonymous = await gql(stack.gatewayUrl, 'mutation ($id: ID!) { deleteDocument(collection: "posts", id: $id) }', { id }, { key: project.publishableKey });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers a stale ifVersion with CONFLICT', async () => {
    const id = (await create(ann, { title: 'v1' })).body.data?.['createDocument'].id;
    const update = (ifVersion: number) =>
      gql(stack.gatewayUrl, 'mutation ($id: ID!, $v: Int) { updateDocument(collection: "posts", id: $id, data: { score: 1 }, ifVersion: $v) { version } }', { id, v: ifVersion }, { key: project.publishableKey, token: ann.accessToken });
    expect((await update(1)).body.data?.['updateDocument'].version).toBe(2);
    expect(codes(await update(1))).toEqual(['CONFLICT']);
  });

  it('resolves the owners of 50 documents with one request to identity', async () => {
    for (let i = 0; i < 50; i++) await create(i % 2 ? ann : bob, { title: `bulk ${i}`, score: 1000 + i });
    const identityMetrics = async () => {
      const text = await (await fetch(new URL('/metrics', stack.urls['identity']!))).text();
      return [...text.matchAll(/^fedbase_http_requests_total\{[^}]*route="\/graphql"[^}]*\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
    };
    const before = await identityMetrics();
    const page = await gql(
      stack.gatewayUrl,
      '{ documents(collection: "posts", where: { score: { gte: 1000 } }, orderBy: [{ field: "score", direction: ASC }], first: 50) { totalCount edges { node { data owner { id email } } } } }',
      {},
      { key: project.publishableKey },
    );
    const after = await identityMetrics();
    const edges = page.body.data?.['documents'].edges as { node: { data: { score: number }; owner: { id: string; email: string } } }[];
    expect(page.body.data?.['documents'].totalCount).toBe(50);
    expect(edges.map((edge) => edge.node.data.score)).toEqual(Array.from({ length: 50 }, (_, i) => 1000 + i));
    expect(edges.every((edge) => edge.node.owner.email === (edge.node.data.score % 2 ? ann.user.email : bob.user.email))).toBe(true);
    expect(after - before).toBe(1);
  });

  it('exports a collection as NDJSON and imports it back, through the gateway, with the secret key only', async () => {
    const refused = await fetch(`${stack.gatewayUrl}/data/collections/posts/export`, { headers: { 'x-api-key': project.publishableKey } });
    expect(refused.status).toBe(403);
    const exported = await fetch(`${stack.gatewayUrl}/data/collections/posts/export`, { headers: { 'x-api-key': project.secretKey } });
    expect(exported.headers.get('content-type')).toMatch(/ndjson/);
    const lines = (await exported.text()).trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(50);
    // Copying the collection to another project (owners kept, new ids: ids are unique per deployment).
    const other = (await gql(stack.gatewayUrl, 'mutation { createProject(name: "Copy") { secretKey } }', {}, { headers: { 'x-admin-secret': stack.adminSecret } })).body.data?.['createProject'].secretKey as string;
    await gql(stack.gatewayUrl, 'mutation { createCollection(name: "posts", fields: [{ name: "title", type: STRING, required: true }, { name: "score", type: INT }]) { name } }', {}, { key: other });
    const imported = await fetch(`${stack.gatewayUrl}/data/collections/posts/import?ids=new`, {
      method: 'POST',
      headers: { 'x-api-key': other, 'content-type': 'application/x-ndjson' },
      body: lines.join('\n'),
    });
    expect(await imported.json()).toEqual({ imported: lines.length });
    const count = await gql(stack.gatewayUrl, '{ documents(collection: "posts") { totalCount } }', {}, { key: other });
    expect(count.body.data?.['documents'].totalCount).toBe(lines.length);
  });
});
