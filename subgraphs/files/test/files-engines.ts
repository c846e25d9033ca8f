import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '@fedbase/context';
import { openDatabase, type Database } from '@fedbase/db';
import { createTestDatabase } from '@fedbase/testing';

export interface OpenEngine {
  db: Database;
  /** Another handle on the same database, as a second process would have (PGlite: the same one, it is single-process). */
  openAnother(): Promise<Database>;
  dispose(): Promise<void>;
}

// The same behaviour on both engines the design promises: PostgreSQL and embedded PGlite.
export const engines = [
  {
    name: 'PostgreSQL',
    async open(): Promise<OpenEngine> {
      const testDatabase = await createTestDatabase();
      const db = await openDatabase({ subgraph: 'files', databaseUrl: testDatabase.url, dataDir: '' });
      const others: Database[] = [];
      return {
        db,
        openAnother: async () => {
          const other = await openDatabase({ subgraph: 'files', databaseUrl: testDatabase.url, dataDir: '' });
          others.push(other);
          return other;
        },
        dispose: async () => {
          for (const other of others) await other.close();
          await db.close();
          await testDatabase.drop();
        },
      };
    },
  },
  {
    name: 'PGlite',
    async open(): Promise<OpenEngine> {
      const dataDir = await mkdtemp(join(tmpdir(), 'fedbase-files-'));
      const db = await openDatabase({ subgraph: 'files', dataDir });
      return { db, openAnother: async () => db, dispose: async () => { await db.close(); await rm(dataDir, { recursive: true, force: true }); } };
    },
  },
];

/** A verified caller as the subgraph server would build it: the project's secret key unless told otherwise, maybe a user. */
export function caller(projectId: string, options: { key?: 'secret' | 'publishable'; user?: string } = {}): RequestContext {
  return {
    requestId: randomUUID(),
    project: { id: projectId, keyKind: options.key ?? 'secret', apiKeyId: 'key', scopes: [] },
    user: options.user ? { id: options.user, roles: [], sessionId: 'session', anonymous: false } : null,
  };
}
