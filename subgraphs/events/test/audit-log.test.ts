import { randomUUID } from 'node:crypto';
import type { Database } from '@fedbase/db';
import { createEventBus, type EventBus } from '@fedbase/event-bus';
import type { OutboxRow } from '@fedbase/outbox';
import { createSecretBox } from '@fedbase/secret-box';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHash, createAuditLog, genesisHash, verifyAuditChain, type AuditLog } from '../src/audit-log/index.ts';
import { createEventLog, type EventLog } from '../src/event-log/event-log.ts';
import { createWebhookService } from '../src/webhooks/index.ts';
import { caller, engines } from './events-engines.ts';

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: { extensions?: { code?: string } }) => error.extensions?.code);

let outboxId = 0;
/** One `audit.*` outbox row as another subgraph's relay forwards it. */
function auditRow(projectId: string, action: string, details: Record<string, unknown> = {}): OutboxRow {
  outboxId += 1;
  return {
    id: String(outboxId),
    projectId,
    topic: `audit.${action}`,
    aggregateId: projectId,
    payload: { actor: { kind: 'secret_key', id: 'key-1' }, target: { type: 'api_key', id: `k${outboxId}` }, details },
    createdAt: new Date(),
  };
}

describe.each(engines)('the audit log on $name', (engine) => {
  let db: Database;
  let openAnother: () => Promise<Database>;
  let dispose: () => Promise<void>;
  let bus: EventBus;
  let log: EventLog;
  let audit: AuditLog;

  beforeAll(async () => {
    ({ db, openAnother, dispose } = await engine.open());
    bus = createEventBus();
    log = createEventLog({ db, bus });
    audit = createAuditLog(db);
  }, 60_000);
  afterAll(async () => {
    await bus?.close();
    await dispose?.();
  });

  /** A project with a chain of `count` entries from identity. */
  async function chainOf(count: number): Promise<string> {
    const projectId = randomUUID();
    for (let n = 1; n <= count; n += 1) await log.ingest('identity', [auditRow(projectId, 'identity.api_key.created', { n })]);
    return projectId;
  }

  it('chains ingested privileged actions per project and verifies the chain', async () => {
    const projectId = await chainOf(3);
    const page = await audit.listAuditEntries(caller(projectId), {});
    const entries = page.edges.map((edge) => edge.node);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(entries[0]).toMatchObject({
      action: 'identity.api_key.created',
      source: 'identity',
      actor: { kind: 'secret_key', id: 'key-1' },
      target: { type: 'api_key', id: expect.any(String) },
      details: { n: 1 },
      prevHash: genesisHash,
    });
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(entries[2]?.prevHash).toBe(entries[1]?.hash);
    const first = entries[0]!;
    expect(first.hash).toBe(auditHash(genesisHash, { projectId, seq: 1, at: first.at, actor: first.actor, action: first.action, target: first.target, details: first.details, source: 'identity' }));
    expect(await verifyAuditChain(db, projectId)).toEqual({ ok: true, checked: 3, firstBrokenSeq: null, reason: null });
    // still logged as a system event, as before
    expect((await log.listEvents(caller(projectId), { topic: 'audit.*' })).edges).toHaveLength(3);
  });

  it('reports exactly the seq whose details were edited in the table', async () => {
    const projectId = await chainOf(4);
    await db.query(`UPDATE events.audit_log SET details = '{"n": 99}' WHERE project_id = $1::uuid AND seq = 3`, [projectId]);
    expect(await verifyAuditChain(db, projectId)).toMatchObject({ ok: false, checked: 2, firstBrokenSeq: 3, reason: expect.stringContaining('changed') });
  });

  it('reports a deleted middle entry as the missing seq', async () => {
    const projectId = await chainOf(4);
    await db.query('DELETE FROM events.audit_log WHERE project_id = $1::uuid AND seq = 2', [projectId]);
    expect(await verifyAuditChain(db, projectId)).toMatchObject({ ok: false, checked: 1, firstBrokenSeq: 2, reason: expect.stringContaining('missing') });
  });

  it('reports the link after an entry that was rewritten with a recomputed hash', async () => {
    const projectId = await chainOf(3);
    const [row] = await db.query<{ at: Date; prev_hash: string }>('SELECT at, prev_hash FROM events.audit_log WHERE project_id = $1::uuid AND seq = 2', [projectId]);
    const forged = { projectId, seq: 2, at: new Date(row!.at), actor: { kind: 'admin', id: null }, action: 'identity.api_key.created', target: { type: 'api_key', id: 'k' }, details: {}, source: 'identity' };
    await db.query(`UPDATE events.audit_log SET actor = $2::jsonb, target = $3::jsonb, details = '{}', hash = $4 WHERE project_id = $1::uuid AND seq = 2`, [
      projectId, JSON.stringify(forged.actor), JSON.stringify(forged.target), auditHash(row!.prev_hash, forged),
    ]);
    expect(await verifyAuditChain(db, projectId)).toMatchObject({ ok: false, checked: 2, firstBrokenSeq: 3, reason: expect.stringContaining('does not link') });
  });

  it('keeps one gapless chain when many ingests append to a project at once', async () => {
    const projectId = randomUUID();
    const handles = [db, await openAnother(), await openAnother()];
    const logs = handles.map((handle) => createEventLog({ db: handle, bus }));
    const sources = ['identity', 'billing', 'files', 'data'];
    await Promise.all(
      Array.from({ length: 24 }, (_, n) =>
        logs[n % logs.length]!.ingest(sources[n % sources.length]!, [auditRow(projectId, 'billing.plan.changed', { n }), auditRow(randomUUID(), 'billing.plan.changed')]),
      ),
    );
    const rows = await db.query<{ seq: number }>('SELECT seq::int AS seq FROM events.audit_log WHERE project_id = $1::uuid ORDER BY 1', [projectId]);
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 24 }, (_, n) => n + 1));
    expect(await verifyAuditChain(db, projectId)).toEqual({ ok: true, checked: 24, firstBrokenSeq: null, reason: null });
  });

  it("keeps each project's chain to itself", async () => {
    const mine = randomUUID();
    const theirs = randomUUID();
    for (let n = 0; n < 3; n += 1) await log.ingest('billing', [auditRow(mine, 'billing.plan.changed'), auditRow(theirs, 'billing.spend_alert.set')]);
    await db.query(`UPDATE events.audit_log SET details = '{"x": 1}' WHERE project_id = $1::uuid AND seq = 1`, [theirs]);
    expect(await verifyAuditChain(db, mine)).toEqual({ ok: true, checked: 3, firstBrokenSeq: null, reason: null });
    expect((await verifyAuditChain(db, theirs)).firstBrokenSeq).toBe(1);
    expect((await audit.listAuditEntries(caller(mine), {})).edges.map((edge) => edge.node.action)).toEqual(Array(3).fill('billing.plan.changed'));
  });

  it('appends an outbox row that a relay sends again only once', async () => {
    const projectId = randomUUID();
    const row = auditRow(projectId, 'identity.api_key.revoked');
    expect(await log.ingest('identity', [row])).toBe(1);
    expect(await log.ingest('identity', [row])).toBe(0);
    expect(await log.ingest('identity', [row, auditRow(projectId, 'identity.api_key.revoked')])).toBe(1);
    const entries = (await audit.listAuditEntries(caller(projectId), {})).edges.map((edge) => edge.node);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2]);
    expect((await audit.verifyAuditLog(caller(projectId))).ok).toBe(true);
  });

  it("audits the events subgraph's own webhook changes with the secret key as actor", async () => {
    const projectId = randomUUID();
    const owner = caller(projectId);
    const webhooks = createWebhookService({ db, secretBox: createSecretBox('test-encryption-secret-that-is-long-enough', 'webhook-secrets'), allowPrivateNetworks: false });
    const { webhook } = await webhooks.createWebhook(owner, { url: 'https://example.com/hooks?token=s3cret', topics: ['audit.*'] });
    await webhooks.updateWebhook(owner, webhook.id, { enabled: false });
    expect(await webhooks.replayDeadLetters(owner, webhook.id)).toBe(0);
    const entries = (await audit.listAuditEntries(owner, {})).edges.map((edge) => edge.node);
    expect(entries.map((entry) => [entry.seq, entry.action, entry.source])).toEqual([
      [1, 'events.webhook.created', 'events'],
      [2, 'events.webhook.updated', 'events'],
      [3, 'events.dead_letters.replayed', 'events'],
    ]);
    expect(entries[0]).toMatchObject({ actor: { kind: 'secret_key', id: 'key' }, target: { type: 'webhook', id: webhook.id }, details: { url: 'https://example.com/hooks', topics: ['audit.*'] } });
    expect(JSON.stringify(entries)).not.toContain('s3cret');
    expect(entries[1]?.details).toEqual({ enabled: false });
    expect(await verifyAuditChain(db, projectId)).toMatchObject({ ok: true, checked: 3 });
  });

  it('pages oldest first and keeps the log and its check to the secret key', async () => {
    const projectId = await chainOf(5);
    const first = await audit.listAuditEntries(caller(projectId), { first: 2 });
    expect(first.edges.map((edge) => edge.node.seq)).toEqual([1, 2]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await audit.listAuditEntries(caller(projectId), { first: 10, after: first.pageInfo.endCursor });
    expect(rest.edges.map((edge) => edge.node.seq)).toEqual([3, 4, 5]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect(await codeOf(audit.listAuditEntries(caller(projectId), { after: 'garbage' }))).toBe('BAD_USER_INPUT');
    const user = caller(projectId, { key: 'publishable', user: randomUUID() });
    expect(await codeOf(audit.listAuditEntries(user, {}))).toBe('FORBIDDEN');
    expect(await codeOf(audit.verifyAuditLog(user))).toBe('FORBIDDEN');
    // nobody can publish a forged audit entry into the chain
    expect(await codeOf(log.publish(caller(projectId), { topic: 'audit.identity.api_key.created', payload: {} }))).toBe('FORBIDDEN');
    expect(await codeOf(log.listEvents(user, { topic: 'audit.*' }))).toBe('FORBIDDEN');
    expect((await audit.listAuditEntries(caller(randomUUID()), {})).edges).toHaveLength(0);
  });
});
