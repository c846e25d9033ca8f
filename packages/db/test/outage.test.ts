import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, startTcpProxy } from '@fedbase/testing';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../src/index.ts';
import { poolBounds } from '../src/open-postgres-database.ts';

// PostgreSQL "restarts" behind a TCP proxy (connections reset, then refused, then accepted again),
// so the server every other test uses stays up.
describe('PostgreSQL outages', () => {
  it('fails queries at once while PostgreSQL is away and serves them again once it is back, on the same pool', async () => {
    const testDb = await createTestDatabase();
    const proxy = await startTcpProxy({ targets: [{ host: '127.0.0.1', port: 5432 }] });
    const url = new URL(testDb.url);
    url.port = String(proxy.port);
    const db = await openDatabase({ subgraph: 'files', databaseUrl: url.toString(), dataDir: '/x' });
    onTestFinished(async () => {
      await db.close();
      await proxy.close();
      await testDb.drop();
    });
    expect(await db.prisma.bucket.count()).toBe(0);

    await proxy.cut();
    const started = performance.now();
    await expect(db.prisma.bucket.count()).rejects.toThrow();
    await expect(db.prisma.$transaction(async (tx) => tx.bucket.count())).rejects.toThrow();
    expect(await db.ping()).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);

    await proxy.restore();
    expect(await db.ping()).toBe(true);
    expect(await db.prisma.$transaction(async (tx) => tx.bucket.count())).toBe(0);
  });

  it('gives up on a server that accepts connections but never answers within the connection bound', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${(silent.address() as AddressInfo).port}/x`, ...poolBounds });
    onTestFinished(async () => {
      await pool.end();
      for (const socket of sockets) socket.destroy();
      silent.close();
    });
    const started = performance.now();

    await expect(pool.query('SELECT 1')).rejects.toThrow(/timeout/i);

    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(poolBounds.connectionTimeoutMillis - 100);
    expect(elapsed).toBeLessThan(poolBounds.connectionTimeoutMillis + 2_000);
  }, 15_000);
});
