import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '@fedbase/db';
import { createTestDatabase, type TestDatabase } from '@fedbase/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBillingService, defaultPlans } from '../src/index.ts';

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

describe.each(engines)('the billing service on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
  });

  afterAll(async () => {
    await dispose?.();
  });

  it('lists the free and pro plans', () => {
    expect(createBillingService(db, defaultPlans).listPlans().map((plan) => plan.id)).toEqual(['free', 'pro']);
  });

  it('puts a project without a plan row on the free plan', async () => {
    expect((await createBillingService(db, defaultPlans).getCurrentPlan(randomUUID())).id).toBe('free');
  });

  it("reads a project's own plan and no other project's", async () => {
    const [mine, theirs] = [randomUUID(), randomUUID()];
    await db.prisma.projectPlan.create({ data: { projectId: mine, planId: 'pro' } });
    const service = createBillingService(db, defaultPlans);
    expect((await service.getCurrentPlan(mine)).id).toBe('pro');
    expect((await service.getCurrentPlan(theirs)).id).toBe('free');
  });

  it('keeps a project whose plan left the catalogue on the starting plan', async () => {
    const projectId = randomUUID();
    await db.prisma.projectPlan.create({ data: { projectId, planId: 'retired' } });
    expect((await createBillingService(db, defaultPlans).getCurrentPlan(projectId)).id).toBe('free');
  });
});
