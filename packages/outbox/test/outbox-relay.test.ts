import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase, type Database } from '@fedbase/db';
import { createTestDatabase } from '@fedbase/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxRelay, type OutboxRow } from '../src/index.ts';

const engines = [
  {
    name: 'PostgreSQL',
    async open() {
      const testDatabase = await createTestDatabase();
      const db = await openDatabase({ subgraph: 'data', databaseUrl: testDatabase.url, dataDir: '' });
      return { db, dispose: async () => { await db.close(); await testDatabase.drop(); } };
    },
  },
  {
    name: 'PGlite',
    async open() {
      const dataDir = await mkdtemp(join(tmpdir(), 'fedbase-outbox-'));
      const db = await openDatabase({ subgraph: 'data', dataDir });
      return { db, dispose: async () => { await db.close(); await rm(dataDir, { recursive: true, force: true }); } };
    },
  },
];

const projectId = randomUUID();

async function writeRows(db: Database, aggregateId: string, count: number): Promise<void> {
  for (let version = 1; version <= count; version += 1) {
    await db.prisma.dataOutbox.create({ data: { projectId, topic: 'data.document.updated', aggregateId, payload: { version } } });
  }
}

describe.each(engines)('outbox relay on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => ({ db, dispose } = await engine.open()), 60_000);
  afterAll(() => dispose?.());

  it('delivers committed rows oldest first, then marks them so the next pass sends nothing', async () => {
    await writeRows(db, 'a', 3);
    const seen: OutboxRow[] = [];
    const relay = createOutboxRelay({ db, schema: 'data', column: 'published_at', deliver: async (rows) => void seen.push(...rows) });
    expect(await relay.drain()).toBe(3);
    expect(seen.map((row) => (row.payload as { version: number }).version)).toEqual([1, 2, 3]);
    expect(seen[0]).toMatchObject({ projectId, topic: 'data.document.updated', aggregateId: 'a' });
    expect(seen[0]?.createdAt).toBeInstanceOf(Date);
    expect(await relay.drain()).toBe(0);
    await relay.close();
  });

  it('keeps rows whose delivery failed and sends them again on the next pass', async () => {
    await writeRows(db, 'b', 2);
    let fail = true;
    const seen: string[] = [];
    const relay = createOutboxRelay({
      db,
      schema: 'data',
      column: 'published_at',
      deliver: async (rows) => {
        if (fail) throw new Error('destination down');
        seen.push(...rows.map((row) => row.aggregateId));
      },
    });
    await expect(relay.drain()).rejects.toThrow('destination down');
    fail = false;
    expect(await relay.drain()).toBe(2);
    expect(seen).toEqual(['b', 'b']);
    await relay.close();
  });

  it('reports a failing destination once however often it is retried, and its recovery once', async () => {
    await writeRows(db, 'e', 1);
    let fail = true;
    const errors: Error[] = [];
    const recoveries: number[] = [];
    const relay = createOutboxRelay({
      db,
      schema: 'data',
      column: 'published_at',
      pollIntervalMs: 10,
      maxBackoffMs: 20,
      deliver: async () => {
        if (fail) throw new Error('destination down');
      },
      onError: (error) => errors.push(error),
      onRecover: (failedPasses) => recoveries.push(failedPasses),
    });
    relay.start();
    for (let kick = 0; kick < 5; kick += 1) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      relay.kick();
    }
    fail = false;
    await expect.poll(() => recoveries, { timeout: 5_000 }).toHaveLength(1);
    await relay.close();

    expect(errors.map((error) => error.message)).toEqual(['destination down']);
    expect(recoveries[0]).toBeGreaterThan(1);
  });

  it('tracks each column on its own, so a failing destination does not hold back another', async () => {
    await writeRows(db, 'c', 1);
    const bus = createOutboxRelay({ db, schema: 'data', column: 'published_at', deliver: async () => {} });
    const log = createOutboxRelay({ db, schema: 'data', column: 'forwarded_at', deliver: async () => { throw new Error('event log down'); } });
    expect(await bus.drain()).toBe(1);
    await expect(log.drain()).rejects.toThrow('event log down');
    const [row] = await db.query<{ published: boolean; forwarded: boolean }>(
      `SELECT published_at IS NOT NULL AS published, forwarded_at IS NOT NULL AS forwarded FROM data.outbox WHERE aggregate_id = 'c'`,
    );
    expect(row).toEqual({ published: true, forwarded: false });
    await Promise.all([bus.close(), log.close()]);
  });

  it('relays a row written after start() on its own, without a kick', async () => {
    const seen: string[] = [];
    const relay = createOutboxRelay({ db, schema: 'data', column: 'published_at', pollIntervalMs: 20, deliver: async (rows) => void seen.push(...rows.map((row) => row.aggregateId)) });
    relay.start();
    await writeRows(db, 'd', 1);
    await expect.poll(() => seen, { timeout: 5_000 }).toContain('d');
    await relay.close();
  });
});

describe('outbox relays of several processes on one PostgreSQL', () => {
  let dbs: Database[] = [];
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const testDatabase = await createTestDatabase();
    drop = testDatabase.drop;
    // Separate pools stand in for separate processes: the advisory lock is what they share.
    dbs = await Promise.all([1, 2, 3].map(() => openDatabase({ subgraph: 'data', databaseUrl: testDatabase.url, dataDir: '' })));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.close()));
    await drop?.();
  });

  it('deliver every row once and each aggregate in order although they run at the same time', async () => {
    const [first] = dbs as [Database];
    await Promise.all(['x', 'y', 'z'].map((aggregate) => writeRows(first, aggregate, 40)));
    const seen: OutboxRow[] = [];
    const relays = dbs.map((db) =>
      createOutboxRelay({
        db,
        schema: 'data',
        column: 'published_at',
        batchSize: 7,
        pollIntervalMs: 10,
        deliver: async (rows) => {
          await new Promise((resolve) => setTimeout(resolve, 2)); // widen the window for overlap
          seen.push(...rows);
        },
      }),
    );
    relays.forEach((relay) => relay.start());
    await expect.poll(() => seen.length, { timeout: 20_000 }).toBe(120);
    await Promise.all(relays.map((relay) => relay.close()));
    expect(new Set(seen.map((row) => row.id)).size).toBe(120);
    for (const aggregate of ['x', 'y', 'z']) {
      const versions = seen.filter((row) => row.aggregateId === aggregate).map((row) => (row.payload as { version: number }).version);
      expect(versions).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    }
  }, 30_000);
});
