import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileStatus } from '@fedbase/prisma';
import { createTestDatabase } from '@fedbase/testing';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/index.ts';

// One suite over both engines: the services must not be able to tell them apart.
const engines: Array<[name: string, open: () => Promise<{ db: Database; dispose: () => Promise<void> }>]> = [
  [
    'PostgreSQL',
    async () => {
      const testDb = await createTestDatabase();
      const db = await openDatabase({ subgraph: 'files', databaseUrl: testDb.url, dataDir: '/x' });
      return { db, dispose: async () => (await db.close(), await testDb.drop()) };
    },
  ],
  [
    'PGlite',
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'fedbase-db-'));
      const db = await openDatabase({ subgraph: 'files', dataDir });
      return { db, dispose: async () => (await db.close(), await rm(dataDir, { recursive: true, force: true })) };
    },
  ],
];

describe.each(engines)('Prisma on %s', (_name, open) => {
  it('creates and finds rows with relations, arrays, enums, BigInt and JSON', async () => {
    const { db, dispose } = await open();
    try {
      const projectId = crypto.randomUUID();
      const bucket = await db.prisma.bucket.create({
        data: { projectId, name: 'avatars', allowedContentTypes: ['image/png'], maxFileSize: 5n * 1024n ** 3n },
      });
      await db.prisma.file.create({
        data: { projectId, bucketId: bucket.id, name: 'a.png', contentType: 'image/png', size: 42n },
      });
      const found = await db.prisma.bucket.findUniqueOrThrow({
        where: { projectId_name: { projectId, name: 'avatars' } },
        include: { files: true },
      });
      expect(found.maxFileSize).toBe(5n * 1024n ** 3n);
      expect(found.allowedContentTypes).toEqual(['image/png']);
      expect(found.files.map((file) => [file.name, file.status, file.size])).toEqual([['a.png', FileStatus.PENDING, 42n]]);

      const collection = await db.prisma.collection.create({
        data: { projectId, name: 'posts', fields: [{ name: 'title' }], rules: {} },
      });
      const document = await db.prisma.document.create({
        data: { projectId, collectionId: collection.id, data: { title: 'hello', tags: ['a'] } },
      });
      const [raw] = await db.query<{ title: string }>(
        "SELECT data->>'title' AS title FROM data.documents WHERE id = $1",
        [document.id],
      );
      expect(raw?.title).toBe('hello');
      expect(document.version).toBe(1);
    } finally {
      await dispose();
    }
  }, 60_000);
});
