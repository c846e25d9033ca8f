import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, prepareEmbeddedDatabases } from '../src/index.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'fedbase-prepare-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

it('gives each subgraph its own migrated database, independent of the others', async () => {
  await prepareEmbeddedDatabases(dataDir, ['identity', 'billing', 'events']);
  const billing = await openDatabase({ subgraph: 'billing', dataDir });
  const events = await openDatabase({ subgraph: 'events', dataDir });
  try {
    await billing.query(`INSERT INTO billing.project_plans (project_id, plan_id, updated_at) VALUES (gen_random_uuid(), 'pro', now())`);
    expect(await billing.query('SELECT plan_id FROM billing.project_plans')).toEqual([{ plan_id: 'pro' }]);
    expect(await events.query('SELECT plan_id FROM billing.project_plans')).toEqual([]);
  } finally {
    await billing.close();
    await events.close();
  }
}, 90_000);

it('leaves existing databases untouched', async () => {
  const first = await openDatabase({ subgraph: 'billing', dataDir });
  await first.query(`INSERT INTO billing.project_plans (project_id, plan_id, updated_at) VALUES (gen_random_uuid(), 'pro', now())`);
  await first.close();
  await prepareEmbeddedDatabases(dataDir, ['billing', 'data']);
  const again = await openDatabase({ subgraph: 'billing', dataDir });
  try {
    expect(await again.query('SELECT plan_id FROM billing.project_plans')).toEqual([{ plan_id: 'pro' }]);
  } finally {
    await again.close();
  }
}, 90_000);
