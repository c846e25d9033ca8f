import { randomUUID } from 'node:crypto';
import { prismaPaths } from '@fedbase/prisma';
import type { MigrationSession } from './migration-session.ts';
import { readMigrations, type MigrationFile } from './read-migrations.ts';

export interface ApplyMigrationsOptions {
  session: MigrationSession;
  /**
   * Folder of `<stamp>_<name>/migration.sql`.
   * @default the migrations of `@fedbase/prisma`
   */
  migrationsDir?: string | undefined;
}

export interface ApplyMigrationsResult {
  /** names of the migrations this call applied, in order; empty when none were pending */
  applied: string[];
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

// Any fixed key will do; it only has to be the same in every process ("fedbas" in ASCII,
// six bytes so it stays a safe JS integer).
const LOCK_KEY = 0x666564626173;

// Prisma's own bookkeeping table, same columns, so `prisma migrate status` reads our work.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/**
 * Applies pending migrations, each in its own transaction, under a session-level advisory lock
 * so that several processes starting at once against one PostgreSQL take turns. What is applied
 * is read only after the lock is held: the process that waited sees the other's work.
 */
export async function applyMigrations(options: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  const { session } = options;
  const files = await readMigrations(options.migrationsDir ?? prismaPaths.migrationsDir);
  await session.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
  try {
    await session.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await session.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    const pending = findPending(files, rows);
    for (const file of pending) await applyOne(session, file);
    return { applied: pending.map((file) => file.name) };
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
  }
}

function findPending(files: MigrationFile[], rows: AppliedRow[]): MigrationFile[] {
  const live = rows.filter((row) => row.rolled_back_at === null);
  const failed = live.find((row) => row.finished_at === null);
  if (failed !== undefined) {
    throw new Error(
      `Migration ${failed.migration_name} failed earlier and was never resolved; fix the database, then mark it with \`prisma migrate resolve\`.`,
    );
  }
  const applied = new Map(live.map((row) => [row.migration_name, row.checksum]));
  for (const file of files) {
    const checksum = applied.get(file.name);
    if (checksum !== undefined && checksum !== file.checksum) {
      throw new Error(
        `Migration ${file.name} was changed after it was applied (checksum ${checksum} in the database, ${file.checksum} on disk). Restore the file and add a new migration instead.`,
      );
    }
  }
  return files.filter((file) => !applied.has(file.name));
}

async function applyOne(session: MigrationSession, file: MigrationFile): Promise<void> {
  await session.exec('BEGIN');
  try {
    await session.exec(file.sql);
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), now(), 1)`,
      [randomUUID(), file.checksum, file.name],
    );
    await session.exec('COMMIT');
  } catch (error) {
    await session.exec('ROLLBACK');
    throw new Error(`Migration ${file.name} failed and was rolled back: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
