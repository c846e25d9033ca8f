import { randomBytes } from 'node:crypto';
import { createTestDatabase, startStack, type RunningStack, type TestDatabase } from '@fedbase/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql } from '../../support/identity-client.ts';

interface AuditEntry {
  seq: number;
  action: string;
  actor: { kind: string; id: string | null };
  target: { type: string; id: string };
  details: Record<string, unknown>;
  hash: string;
  prevHash: string;
}

const unlimited = { included: null };
const plan = (id: string) => ({ id, name: id, priceCents: 0, requestsPerSecond: 1_000_000, allowances: { requests: unlimited, storageBytes: unlimited, egressBytes: unlimited, webhookDeliveries: unlimited } });

const auditLogQuery = '{ auditLog(first: 100) { edges { node { seq action actor target details hash prevHash } } pageInfo { hasNextPage endCursor } } }';

const until = async <T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

// On PostgreSQL, so the test can reach into the events subgraph's table while the stack runs
// (an embedded PGlite belongs to its one process) and tamper with the chain as an intruder would.
describe('the audit log, through the gateway', () => {
  let database: TestDatabase;
  let stack: RunningStack;
  let projectId: string;
  let secretKey: string;
  let publishableKey: string;

  const auditLog = async (): Promise<AuditEntry[]> => {
    const response = await gql(stack.gatewayUrl, auditLogQuery, {}, { key: secretKey });
    expect(response.body.errors).toBeUndefined();
    return (response.body.data?.['auditLog'].edges as { node: AuditEntry }[]).map((edge) => edge.node);
  };
  /** Chain order is the order the log receives actions, so each one is awaited before the next. */
  const untilLogged = (count: number) => until(async () => ((await auditLog()).length >= count ? true : undefined), `${count} audit entries`);
  const verify = async () => (await gql(stack.gatewayUrl, '{ verifyAuditLog { ok checked firstBrokenSeq reason } }', {}, { key: secretKey })).body.data?.['verifyAuditLog'];

  beforeAll(async () => {
    database = await createTestDatabase();
    stack = await startStack({ env: { DATABASE_URL: database.url, ADMIN_SECRET: randomBytes(32).toString('base64url'), BILLING_PLANS: JSON.stringify([plan('starter'), plan('pro')]) } });
    const created = await gql(stack.gatewayUrl, 'mutation { createProject(name: "Audited") { project { id } publishableKey secretKey } }', {}, { headers: { 'x-admin-secret': stack.adminSecret } });
    const keys = created.body.data?.['createProject'];
    ({ secretKey, publishableKey } = keys);
    projectId = keys.project.id;
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it('records privileged actions in order with actor and target, keeps them to the secret key, and finds a tampered entry', async () => {
    const key = (await gql(stack.gatewayUrl, '{ apiKeys { id kind } }', {}, { key: secretKey })).body.data?.['apiKeys'] as { id: string; kind: string }[];
    const secretKeyId = key.find((candidate) => candidate.kind === 'SECRET')!.id;
    const byKey = { kind: 'secret_key', id: secretKeyId };
    await untilLogged(1);

    const made = await gql(stack.gatewayUrl, 'mutation { createApiKey(name: "ci", kind: SECRET, scopes: ["files:write"]) { apiKey { id } key } }', {}, { key: secretKey });
    const ci = made.body.data?.['createApiKey'] as { apiKey: { id: string }; key: string };
    await untilLogged(2);
    expect((await gql(stack.gatewayUrl, 'mutation ($id: ID!) { revokeApiKey(id: $id) }', { id: ci.apiKey.id }, { key: secretKey })).body.errors).toBeUndefined();
    await untilLogged(3);
    expect((await gql(stack.gatewayUrl, 'mutation { setPlan(plan: "pro") { id } }', {}, { key: secretKey })).body.errors).toBeUndefined();
    await untilLogged(4);
    const hook = await gql(stack.gatewayUrl, 'mutation { createWebhook(url: "https://example.com/hooks", topics: ["app.*"]) { webhook { id } secret } }', {}, { key: secretKey });
    const webhookId = hook.body.data?.['createWebhook'].webhook.id as string;
    await untilLogged(5);

    const entries = await auditLog();
    expect(entries.map(({ seq, action, actor, target }) => ({ seq, action, actor, target }))).toEqual([
      { seq: 1, action: 'identity.project.created', actor: { kind: 'admin', id: null }, target: { type: 'project', id: projectId } },
      { seq: 2, action: 'identity.api_key.created', actor: byKey, target: { type: 'api_key', id: ci.apiKey.id } },
      { seq: 3, action: 'identity.api_key.revoked', actor: byKey, target: { type: 'api_key', id: ci.apiKey.id } },
      { seq: 4, action: 'billing.plan.changed', actor: byKey, target: { type: 'project', id: projectId } },
      { seq: 5, action: 'events.webhook.created', actor: byKey, target: { type: 'webhook', id: webhookId } },
    ]);
    expect(entries[3]?.details).toEqual({ plan: 'pro', previousPlan: 'starter' });
    expect(entries.slice(1).map((entry) => entry.prevHash)).toEqual(entries.slice(0, -1).map((entry) => entry.hash));
    expect(JSON.stringify(entries)).not.toContain(ci.key);
    expect(JSON.stringify(entries)).not.toContain(hook.body.data?.['createWebhook'].secret);

    const refused = await gql(stack.gatewayUrl, auditLogQuery, {}, { key: publishableKey });
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(codes(await gql(stack.gatewayUrl, '{ verifyAuditLog { ok } }', {}, { key: publishableKey }))).toEqual(['FORBIDDEN']);
    expect(await verify()).toEqual({ ok: true, checked: 5, firstBrokenSeq: null, reason: null });

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`UPDATE events.audit_log SET details = '{"plan": "starter", "previousPlan": "starter"}' WHERE project_id = $1::uuid AND seq = 4`, [projectId]);
    } finally {
      await client.end();
    }
    expect(await verify()).toMatchObject({ ok: false, checked: 3, firstBrokenSeq: 4, reason: expect.stringContaining('changed') });
  }, 120_000);
});
