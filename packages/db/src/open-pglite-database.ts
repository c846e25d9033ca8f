import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaClient } from '@fedbase/prisma';
import { transactionOptions } from './transaction-options.ts';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations } from './apply-migrations.ts';
import type { Database } from './database.ts';
import type { MigrationSession } from './migration-session.ts';

export interface OpenPgliteDatabaseOptions {
  /** PostgreSQL data directory on disk, created when missing; one process at a time */
  dataDir: string;
  /** @default the migrations of `@fedbase/prisma` */
  migrationsDir?: string | undefined;
}

/**
 * Opens an embedded PGlite on a data directory (NodeFS), applies pending migrations, and shares
 * the one instance between Prisma and `query`: PGlite is a single connection, so two instances
 * on one directory would corrupt it.
 *
 * Durability: PGlite starts PostgreSQL with `-F` (fsync off) and its WASM file system turns
 * fsync into a no-op anyway, but NodeFS writes go straight to the kernel with write(2) and the
 * WAL is written at every commit. An acknowledged commit therefore survives the process being
 * killed (SIGKILL, OOM), not a power cut or kernel crash: that needs PostgreSQL.
 */
export async function openPgliteDatabase(options: OpenPgliteDatabaseOptions): Promise<Database> {
  await mkdir(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir: options.dataDir });
  try {
    const session: MigrationSession = {
      query: async <Row>(sql: string, params?: unknown[]) => (await pglite.query<Row>(sql, params)).rows,
      exec: async (sql) => void (await pglite.exec(sql)),
    };
    await applyMigrations({ session, migrationsDir: options.migrationsDir });
  } catch (error) {
    await pglite.close();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite), transactionOptions });
  return {
    kind: 'pglite',
    prisma,
    query: async <Row>(sql: string, params?: unknown[]) => (await pglite.query<Row>(sql, params)).rows,
    ping: async () => pglite.query('SELECT 1').then(() => true, () => false),
    close: async () => {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}
