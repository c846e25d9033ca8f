import { existsSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SubgraphName } from '@fedbase/schema';
import { embeddedDatabaseDir } from './open-database.ts';
import { openPgliteDatabase } from './open-pglite-database.ts';

/**
 * Creating a PGlite data directory (initdb through WebAssembly, ~40 MB of small writes) costs
 * seconds of CPU per database, and the first `npm start` needs five. Create one, migrated, and copy
 * it to the others: a cleanly closed data directory is a plain folder. Every directory is built
 * under a temporary name and renamed into place, so an interrupted first start never leaves a
 * half-written database that a later start would take for a real one. Only for a supervisor that
 * starts the subgraphs itself (one process per directory at a time).
 */
export async function prepareEmbeddedDatabases(dataDir: string, subgraphs: readonly SubgraphName[]): Promise<void> {
  const missing = subgraphs.filter((name) => !existsSync(embeddedDatabaseDir(dataDir, name)));
  if (missing.length < 2) return;
  const template = path.resolve(dataDir, `.template-${process.pid}`);
  await rm(template, { recursive: true, force: true });
  try {
    const db = await openPgliteDatabase({ dataDir: template });
    await db.close();
    for (const name of missing) {
      const target = embeddedDatabaseDir(dataDir, name);
      const partial = `${target}.partial`;
      await rm(partial, { recursive: true, force: true });
      await mkdir(path.dirname(target), { recursive: true });
      await cp(template, partial, { recursive: true });
      await rename(partial, target);
    }
  } finally {
    await rm(template, { recursive: true, force: true });
  }
}
