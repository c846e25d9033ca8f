import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import type { SubgraphName } from '@fedbase/schema';
import { embeddedDatabaseDir } from './open-database.ts';
import { openPgliteDatabase } from './open-pglite-database.ts';

/**
 * Creating a PGlite data directory (initdb through WebAssembly, ~40 MB of small writes) costs
 * seconds of CPU per database, and the first `npm start` needs five. Create one, migrated, and copy
 * it to the others: a cleanly closed data directory is a plain folder. Only for a supervisor that
 * starts the subgraphs itself (one process per directory at a time).
 */
export async function prepareEmbeddedDatabases(dataDir: string, subgraphs: readonly SubgraphName[]): Promise<void> {
  const missing = subgraphs.filter((name) => !existsSync(embeddedDatabaseDir(dataDir, name)));
  const [first, ...rest] = missing;
  if (!first || rest.length === 0) return;
  const template = embeddedDatabaseDir(dataDir, first);
  const db = await openPgliteDatabase({ dataDir: template });
  await db.close();
  await Promise.all(rest.map((name) => cp(template, embeddedDatabaseDir(dataDir, name), { recursive: true })));
}
