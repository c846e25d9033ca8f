import { PrismaClient } from '@fedbase/prisma';
import { transactionOptions } from './transaction-options.ts';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { applyMigrations } from './apply-migrations.ts';
import type { Database } from './database.ts';
import type { MigrationSession } from './migration-session.ts';

export interface OpenPostgresDatabaseOptions {
  /** PostgreSQL URL */
  databaseUrl: string;
  /** @default the migrations of `@fedbase/prisma` */
  migrationsDir?: string | undefined;
}

/**
 * What a request waits for when PostgreSQL is away (a restart, a failover, a dead host), so it
 * fails with INTERNAL in seconds instead of hanging: pg's defaults wait forever for a connection,
 * and a connection that silently died would only be noticed by the kernel after hours.
 */
export const poolBounds = {
  /** Opening a connection, or waiting for a free one when all are busy. */
  connectionTimeoutMillis: 5_000,
  /** TCP keep-alive from 10 s idle, so a vanished server is noticed on idle connections too. */
  keepAlive: true,
  keepAliveInitialDelayMillis: 10_000,
} as const;

/** Opens a pool on PostgreSQL, applies pending migrations on one of its connections. */
export async function openPostgresDatabase(options: OpenPostgresDatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, ...poolBounds });
  // An idle connection dropped by the server (a restart, a failover) is discarded by the pool and
  // replaced on next use; without a listener the 'error' event would crash the process.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    try {
      const session: MigrationSession = {
        query: async <Row>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as Row[],
        // no parameters: pg uses the simple query protocol, which takes a whole script
        exec: async (sql) => void (await client.query(sql)),
      };
      await applyMigrations({ session, migrationsDir: options.migrationsDir });
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions });
  return {
    kind: 'postgres',
    prisma,
    query: async <Row>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as Row[],
    ping: async () => pool.query('SELECT 1').then(() => true, () => false),
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
