import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '@fedbase/context';
import { openDatabase, type Database } from '@fedbase/db';
import { createTestDatabase } from '@fedbase/testing';

// The same behaviour on both engines the design promises: PostgreSQL and embedded PGlite.
export const engines = [
  {
    name: 'PostgreSQL',
    async open(): Promise<{ db: Database; dispose: () => Promise<void> }> {
      const testDatabase = await createTestDatabase();
      const db = await openDatabase({ subgraph: 'data', databaseUrl: testDatabase.url, dataDir: '' });
      return { db, dispose: async () => { await db.close(); await testDatabase.drop(); } };
    },
  },
  {
    name: 'PGlite',
    async open(): Promise<{ db: Database; dispose: () => Promise<void> }> {
      const dataDir = await mkdtemp(join(tmpdir(), 'fedbase-data-'));
      const db = await openDatabase({ subgraph: 'data', dataDir });
      return { db, dispose: async () => { await db.close(); await rm(dataDir, { recursive: true, force: true }); } };
    },
  },
];

/** A verified caller as the subgraph server would build it: a project key, maybe a user. */
export function caller(projectId: string, options: { secret?: boolean; user?: string; roles?: string[] } = {}): RequestContext {
  return {
    requestId: randomUUID(),
    project: { id: projectId, keyKind: options.secret ? 'secret' : 'publishable', apiKeyId: 'key', scopes: [] },
    user: options.user ? { id: options.user, roles: options.roles ?? [], sessionId: 'session', anonymous: false } : null,
  };
}
