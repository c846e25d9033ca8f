import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  /** URL of the new, empty database */
  url: string;
  /** terminates every connection to the database and drops it */
  drop(): Promise<void>;
}

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function asAdmin(adminUrl: string, sql: string, params?: unknown[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/**
 * Creates a throw-away database `fedbase_test_<random>` on the local PostgreSQL.
 * `TEST_DATABASE_ADMIN_URL` points elsewhere; it must allow CREATE DATABASE.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env['TEST_DATABASE_ADMIN_URL'] ?? DEFAULT_ADMIN_URL;
  const name = `fedbase_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      // pools a test forgot to close would otherwise make DROP DATABASE fail
      await asAdmin(adminUrl, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await asAdmin(adminUrl, `DROP DATABASE IF EXISTS "${name}"`);
    },
  };
}
