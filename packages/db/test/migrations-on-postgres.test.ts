import { cp, mkdtemp, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prismaPaths, runPrismaCli } from '@fedbase/prisma';
import { createTestDatabase, type TestDatabase } from '@fedbase/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, readMigrations } from '../src/index.ts';

describe('migrations on PostgreSQL', () => {
  let testDb: TestDatabase;
  beforeEach(async () => {
    testDb = await createTestDatabase();
  });
  afterEach(async () => {
    await testDb.drop();
  });

  it('creates every subgraph schema and records each migration once on a fresh database', async () => {
    const db = await openDatabase({ subgraph: 'data', databaseUrl: testDb.url, dataDir: '/nonexistent' });
    try {
      const schemas = await db.query<{ nspname: string }>(
        "SELECT nspname FROM pg_namespace WHERE nspname = ANY($1) ORDER BY nspname",
        [['billing', 'data', 'events', 'files', 'identity']],
      );
      expect(schemas.map((row) => row.nspname)).toEqual(['billing', 'data', 'events', 'files', 'identity']);
      const recorded = await db.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations"');
      const files = await readMigrations(prismaPaths.migrationsDir);
      expect(recorded.map((row) => row.migration_name).sort()).toEqual(files.map((file) => file.name));
      expect(await db.ping()).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('applies nothing the second time', async () => {
    await (await openDatabase({ subgraph: 'data', databaseUrl: testDb.url, dataDir: '/nonexistent' })).close();
    const db = await openDatabase({ subgraph: 'identity', databaseUrl: testDb.url, dataDir: '/nonexistent' });
    try {
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(row?.n).toBe((await readMigrations(prismaPaths.migrationsDir)).length);
    } finally {
      await db.close();
    }
  });

  it('lets several processes start at once: all succeed and each migration is recorded once', async () => {
    const dbs = await Promise.all(
      (['identity', 'data', 'files', 'events', 'billing'] as const).map((subgraph) =>
        openDatabase({ subgraph, databaseUrl: testDb.url, dataDir: '/nonexistent' }),
      ),
    );
    try {
      const rows = await dbs[0]!.query<{ migration_name: string; n: number }>(
        'SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations" GROUP BY migration_name',
      );
      expect(rows.length).toBe((await readMigrations(prismaPaths.migrationsDir)).length);
      expect(rows.every((row) => row.n === 1)).toBe(true);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });

  it('refuses to start when an applied migration was edited afterwards', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fedbase-migrations-'));
    try {
      await cp(prismaPaths.migrationsDir, dir, { recursive: true });
      await (await openDatabase({ subgraph: 'data', databaseUrl: testDb.url, dataDir: '/x', migrationsDir: dir })).close();
      const [first] = await readMigrations(dir);
      await appendFile(path.join(dir, first!.name, 'migration.sql'), '\n-- edited\n');
      await expect(
        openDatabase({ subgraph: 'data', databaseUrl: testDb.url, dataDir: '/x', migrationsDir: dir }),
      ).rejects.toThrow(`Migration ${first!.name} was changed after it was applied`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves a database that Prisma itself reports as up to date and identical to the schema', async () => {
    await (await openDatabase({ subgraph: 'data', databaseUrl: testDb.url, dataDir: '/x' })).close();
    const status = await runPrismaCli({ args: ['migrate', 'status'], databaseUrl: testDb.url });
    expect(status.stdout).toContain('Database schema is up to date');
    const diff = await runPrismaCli({
      args: ['migrate', 'diff', '--from-config-datasource', '--to-schema', prismaPaths.schemaDir, '--exit-code'],
      databaseUrl: testDb.url,
    });
    expect(diff.stdout + diff.stderr).toContain('No difference detected');
    expect(diff.code).toBe(0);
  }, 90_000);

  it('detects drift when the schema wants something the migrations never created', async () => {
    await (await openDatabase({ subgraph: 'data', databaseUrl: testDb.url, dataDir: '/x' })).close();
    const dir = await mkdtemp(path.join(tmpdir(), 'fedbase-schema-'));
    try {
      await cp(prismaPaths.schemaDir, dir, { recursive: true });
      await appendFile(
        path.join(dir, 'events.prisma'),
        '\nmodel Extra {\n  id String @id @db.Uuid\n\n  @@schema("events")\n}\n',
      );
      const diff = await runPrismaCli({
        args: ['migrate', 'diff', '--from-config-datasource', '--to-schema', dir, '--exit-code'],
        databaseUrl: testDb.url,
      });
      expect(diff.code).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
