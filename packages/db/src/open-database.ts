import path from 'node:path';
import type { Database } from './database.ts';
import { openPgliteDatabase } from './open-pglite-database.ts';
import { openPostgresDatabase } from './open-postgres-database.ts';
import type { SubgraphName } from '@fedbase/schema';

export interface OpenDatabaseOptions {
  /** the subgraph that owns this database; names its embedded data folder */
  subgraph: SubgraphName;
  /** PostgreSQL URL; unset -> embedded PGlite */
  databaseUrl?: string | undefined;
  /** root of embedded data: PGlite lives in `${dataDir}/${subgraph}/pgdata` */
  dataDir: string;
  /** @default the migrations of `@fedbase/prisma` */
  migrationsDir?: string | undefined;
}

/** Opens the subgraph's database and applies pending migrations before returning it. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    return openPostgresDatabase({ databaseUrl: options.databaseUrl, migrationsDir: options.migrationsDir });
  }
  return openPgliteDatabase({
    dataDir: embeddedDatabaseDir(options.dataDir, options.subgraph),
    migrationsDir: options.migrationsDir,
  });
}

/** Where a subgraph's embedded database lives: `DATA_DIR/<subgraph>/pgdata`. */
export function embeddedDatabaseDir(dataDir: string, subgraph: SubgraphName): string {
  return path.resolve(dataDir, subgraph, 'pgdata');
}
