import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prismaPaths } from '@fedbase/prisma';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, readMigrations } from '../src/index.ts';

describe('migrations on embedded PGlite', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fedbase-db-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates the data directory under the subgraph name and applies every migration', async () => {
    const db = await openDatabase({ subgraph: 'files', dataDir });
    try {
      expect(db.kind).toBe('pglite');
      const tables = await db.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'files' ORDER BY table_name",
      );
      expect(tables.map((row) => row.table_name)).toEqual(['buckets', 'egress', 'files', 'outbox', 'pending_deletions']);
    } finally {
      await db.close();
    }
    const reopened = await openDatabase({ subgraph: 'files', dataDir });
    try {
      const rows = await reopened.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(rows[0]?.n).toBe((await readMigrations(prismaPaths.migrationsDir)).length);
      expect(await reopened.ping()).toBe(true);
    } finally {
      await reopened.close();
    }
  }, 60_000);

  it('reports a closed database as not answering', async () => {
    const db = await openDatabase({ subgraph: 'billing', dataDir });
    await db.close();
    expect(await db.ping()).toBe(false);
  });
});
