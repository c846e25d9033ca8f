import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '@fedbase/db';
import { createTestDatabase, type TestDatabase } from '@fedbase/testing';
import { FedbaseError } from '@fedbase/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBillingService, defaultPlans, type BillingService, type Plan, type ReadUsage } from '../src/index.ts';

const byKey = { kind: 'secret_key', id: 'key-1' } as const;

// The same behaviour on both engines the design promises: PostgreSQL and embedded PGlite.
const engines = [
  {
    name: 'PostgreSQL',
    async open() {
      const testDatabase: TestDatabase = await createTestDatabase();
      const db = await openDatabase({ subgraph: 'billing', databaseUrl: testDatabase.url, dataDir: '' });
      return { db, dispose: async () => { await db.close(); await testDatabase.drop(); } };
    },
  },
  {
    name: 'PGlite',
    async open() {
      const dataDir = await mkdtemp(join(tmpdir(), 'fedbase-billing-'));
      const db = await openDatabase({ subgraph: 'billing', dataDir });
      return { db, dispose: async () => { await db.close(); await rm(dataDir, { recursive: true, force: true }); } };
    },
  },
];

const tiny: Plan = {
  id: 'tiny',
  name: 'Tiny',
  priceCents: 0,
  requestsPerSecond: 5,
  allowances: { requests: { included: 100 }, storageBytes: { included: 1000 }, egressBytes: { included: 1000 }, webhookDeliveries: { included: null } },
};
const plans = [tiny, ...defaultPlans];
const november = new Date('2026-11-23T12:00:00Z');

describe.each(engines)('the billing service on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
  });

  afterAll(async () => {
    await dispose?.();
  });

  const serviceWith = (options: { readUsage?: ReadUsage; now?: Date; onOutbox?: () => void } = {}): BillingService =>
    createBillingService({ db, plans, readUsage: options.readUsage ?? (async () => ({})), now: () => options.now ?? november, afterOutboxCommit: options.onOutbox });
  const batch = (entries: { projectId: string; requests: number; operation?: string; period?: string }[], batchId: string = randomUUID()) => ({
    batchId,
    source: 'gateway',
    entries: entries.map(({ projectId, requests, operation = 'Op', period = '2026-11' }) => ({ projectId, requests, operation, period })),
  });
  const alertsOf = (projectId: string) =>
    db.query<{ topic: string; payload: Record<string, unknown> }>(`SELECT topic, payload FROM billing.outbox WHERE project_id = $1::uuid AND topic = 'billing.alert' ORDER BY id`, [projectId]);

  it('puts a project without a plan row on the first plan of the catalogue', async () => {
    expect((await serviceWith().getCurrentPlan(randomUUID())).id).toBe('tiny');
  });

  it("sets a project's plan without touching another project's", async () => {
    const [mine, theirs] = [randomUUID(), randomUUID()];
    const service = serviceWith();
    expect((await service.setPlan(mine, 'pro', byKey)).id).toBe('pro');
    expect((await service.getCurrentPlan(mine)).id).toBe('pro');
    expect((await service.getCurrentPlan(theirs)).id).toBe('tiny');
  });

  it('writes plan changes and spend alert settings to the outbox as audit events in the same transaction', async () => {
    const projectId = randomUUID();
    let kicks = 0;
    const service = serviceWith({ onOutbox: () => (kicks += 1) });
    await service.setPlan(projectId, 'pro', byKey);
    await service.setSpendAlert(projectId, 75, byKey);
    const rows = await db.query<{ topic: string; payload: unknown }>(`SELECT topic, payload FROM billing.outbox WHERE project_id = $1::uuid ORDER BY id`, [projectId]);
    const target = { type: 'project', id: projectId };
    expect(rows).toEqual([
      { topic: 'audit.billing.plan.changed', payload: { actor: byKey, target, details: { plan: 'pro', previousPlan: 'tiny' } } },
      { topic: 'audit.billing.spend_alert.set', payload: { actor: byKey, target, details: { percentOfQuota: 75 } } },
    ]);
    expect(kicks).toBe(2);
  });

  it('refuses an unknown plan with BAD_USER_INPUT naming the plans on offer', async () => {
    const refusal = await serviceWith().setPlan(randomUUID(), 'platinum', byKey).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(FedbaseError);
    expect((refusal as FedbaseError).code).toBe('BAD_USER_INPUT');
    expect((refusal as FedbaseError).message).toContain('tiny, free, pro');
  });

  it('keeps a project whose plan left the catalogue on the starting plan', async () => {
    const projectId = randomUUID();
    await db.prisma.projectPlan.create({ data: { projectId, planId: 'retired' } });
    expect((await serviceWith().getCurrentPlan(projectId)).id).toBe('tiny');
  });

  it('adds up request batches per project and month, and per operation', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const service = serviceWith();
    await service.recordBatch(batch([{ projectId: a, requests: 3, operation: 'List' }, { projectId: a, requests: 4, operation: 'Get' }, { projectId: b, requests: 5 }]));
    await service.recordBatch(batch([{ projectId: a, requests: 10, operation: 'List' }, { projectId: a, requests: 1, period: '2026-10' }]));
    expect((await service.limits(a)).requests).toBe(17);
    expect((await service.limits(b)).requests).toBe(5);
    expect((await service.usage(a, '2026-10')).requests).toBe(1);
    const operations = await db.query<{ operation: string; requests: number }>(
      `SELECT operation, requests::int AS requests FROM billing.operation_counts WHERE project_id = $1::uuid AND period = '2026-11' ORDER BY operation`,
      [a],
    );
    expect(operations).toEqual([{ operation: 'Get', requests: 4 }, { operation: 'List', requests: 13 }]);
  });

  it('applies a batch sent twice once', async () => {
    const projectId = randomUUID();
    const service = serviceWith();
    const resent = batch([{ projectId, requests: 7 }]);
    expect(await service.recordBatch(resent)).toEqual({ applied: true });
    expect(await service.recordBatch(resent)).toEqual({ applied: false });
    expect((await service.limits(projectId)).requests).toBe(7);
  });

  it('applies a batch sent by several senders at once exactly once', async () => {
    const projectId = randomUUID();
    const service = serviceWith();
    const resent = batch([{ projectId, requests: 9 }]);
    const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => service.recordBatch(resent)));
    const applied = outcomes.filter((outcome) => outcome.status === 'fulfilled' && outcome.value.applied).length;
    expect(applied).toBe(1);
    expect((await service.limits(projectId)).requests).toBe(9);
  });

  it('reads storage, egress and deliveries from their subgraphs and keeps the month\'s peak storage', async () => {
    const projectId = randomUUID();
    let reported: Record<string, number> = { storageBytes: 800, egressBytes: 50, webhookDeliveries: 3 };
    const service = serviceWith({ readUsage: async () => ({ ...reported }) });
    expect(await service.usage(projectId, '2026-11')).toEqual({ period: '2026-11', requests: 0, storageBytes: 800, egressBytes: 50, webhookDeliveries: 3 });
    reported = { storageBytes: 200, egressBytes: 70, webhookDeliveries: 4 };
    expect(await service.usage(projectId, '2026-11')).toMatchObject({ storageBytes: 800, egressBytes: 70, webhookDeliveries: 4 });
    // A subgraph that cannot answer leaves the stored figures.
    reported = {};
    expect(await service.usage(projectId, '2026-11')).toMatchObject({ storageBytes: 800, egressBytes: 70 });
  });

  it("does not put today's stored bytes into a past month", async () => {
    const projectId = randomUUID();
    const service = serviceWith({ readUsage: async () => ({ storageBytes: 5000, egressBytes: 9 }) });
    expect(await service.usage(projectId, '2026-09')).toMatchObject({ storageBytes: 0, egressBytes: 9 });
  });

  it('emits billing.alert once per month and metric when usage crosses the chosen share of a quota', async () => {
    const projectId = randomUUID();
    let kicks = 0;
    const service = serviceWith({ onOutbox: () => (kicks += 1) });
    await service.setSpendAlert(projectId, 80, byKey);
    kicks = 0; // the kick for the setting's audit entry
    await service.recordBatch(batch([{ projectId, requests: 79 }]));
    expect(await alertsOf(projectId)).toEqual([]);
    await service.recordBatch(batch([{ projectId, requests: 1 }]));
    await service.recordBatch(batch([{ projectId, requests: 30 }]));
    expect(await alertsOf(projectId)).toEqual([
      { topic: 'billing.alert', payload: { period: '2026-11', metric: 'requests', percentOfQuota: 80, used: 80, included: 100, plan: 'tiny' } },
    ]);
    expect(kicks).toBe(1);
    // Next month starts over.
    const december = serviceWith({ now: new Date('2026-12-01T00:00:01Z') });
    await december.recordBatch(batch([{ projectId, requests: 85, period: '2026-12' }]));
    expect((await alertsOf(projectId)).map((row) => row.payload['period'])).toEqual(['2026-11', '2026-12']);
  });

  it('alerts on storage too when the collector reads it', async () => {
    const projectId = randomUUID();
    const service = serviceWith({ readUsage: async (id) => (id === projectId ? { storageBytes: 950 } : {}) });
    await service.setSpendAlert(projectId, 90, byKey);
    await service.collect();
    await service.collect();
    expect((await alertsOf(projectId)).map((row) => row.payload['metric'])).toEqual(['storageBytes']);
  });

  it('refuses a spend alert outside 1 to 1000 percent', async () => {
    for (const percent of [0, -5, 1001, 2.5]) {
      await expect(serviceWith().setSpendAlert(randomUUID(), percent, byKey)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
  });

  it('prices an invoice from the metered usage: the fee plus overage past the allowances', async () => {
    const projectId = randomUUID();
    const GiB = 1024 ** 3;
    const service = serviceWith({ readUsage: async () => ({ storageBytes: 100 * GiB + 25 * GiB, egressBytes: 250 * GiB + 3 * GiB, webhookDeliveries: 10 }) });
    await service.setPlan(projectId, 'pro', byKey);
    await service.recordBatch(batch([{ projectId, requests: 10_000_000 + 1_500_000 }]));
    const invoice = await service.invoice(projectId, '2026-11');
    expect(invoice.lines).toEqual([
      { metric: 'plan:pro', quantity: 1, unitPriceCents: 2500, amountCents: 2500 },
      { metric: 'requests.overage', quantity: 1_500_000, unitPriceCents: 0.0001, amountCents: 150 },
      // 25 GiB at 21 cents per 10 GiB = 52.5 -> 53 (half up)
      { metric: 'storageBytes.overage', quantity: 25 * GiB, unitPriceCents: 21 / (10 * GiB), amountCents: 53 },
      { metric: 'egressBytes.overage', quantity: 3 * GiB, unitPriceCents: 9 / GiB, amountCents: 27 },
      { metric: 'webhookDeliveries.overage', quantity: 0, unitPriceCents: 0.0001, amountCents: 0 },
    ]);
    expect(invoice).toMatchObject({ period: '2026-11', totalCents: 2500 + 150 + 53 + 27, currency: 'USD' });
  });
});
