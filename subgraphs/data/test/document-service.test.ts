import { randomUUID } from 'node:crypto';
import type { Database } from '@fedbase/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataService, type DataService } from '../src/index.ts';
import { caller, engines } from './data-engines.ts';

const byKey = { kind: 'secret_key', id: 'key-1' } as const;

type DocumentRecordLike = { data: Record<string, unknown> };

describe.each(engines)('the data service on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let service: DataService;
  const projectId = randomUUID();
  const secret = () => caller(projectId, { secret: true });
  const ann = randomUUID();
  const bob = randomUUID();

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    service = createDataService(db);
    await service.collections.createCollection(projectId, {
      name: 'notes',
      fields: [
        { name: 'title', type: 'STRING', required: true },
        { name: 'stars', type: 'INT' },
        { name: 'due', type: 'DATETIME' },
        { name: 'meta', type: 'JSON' },
      ],
      rules: { read: 'owner or role:auditor', update: 'owner', delete: 'owner or role:admin' },
    }, byKey);
  });

  afterAll(async () => {
    await dispose?.();
  });

  describe('collections', () => {
    it.each([
      [{ name: 'Bad Name', fields: [{ name: 'a', type: 'STRING' }] }, 'name'],
      [{ name: 'ok', fields: [] }, 'fields'],
      [{ name: 'ok', fields: [{ name: 'a-b', type: 'STRING' }] }, 'fields'],
      [{ name: 'ok', fields: [{ name: 'id', type: 'STRING' }] }, 'fields'],
      [{ name: 'ok', fields: [{ name: 'a', type: 'STRING' }, { name: 'a', type: 'INT' }] }, 'fields'],
      [{ name: 'ok', fields: [{ name: 'a', type: 'STRING' }], rules: { read: 'everyone' } }, 'rules.read'],
      [{ name: 'ok', fields: [{ name: 'a', type: 'STRING' }], rules: { create: 'owner' } }, 'rules.create'],
    ])('refuses %j with BAD_USER_INPUT naming %s', async (input, field) => {
      await expect(service.collections.createCollection(projectId, input, byKey)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field } });
    });

    it('refuses a second collection of the same name with CONFLICT', async () => {
      await expect(service.collections.createCollection(projectId, { name: 'notes', fields: [{ name: 'a', type: 'STRING' }] }, byKey)).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('keeps collections per project', async () => {
      expect((await service.collections.listCollections(projectId)).map((c) => c.name)).toContain('notes');
      expect(await service.collections.listCollections(randomUUID())).toEqual([]);
      await expect(service.documents.createDocument(caller(randomUUID(), { user: ann }), 'notes', { title: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('validation', () => {
    it.each([
      [{}, 'title', /required/],
      [{ title: 5 }, 'title', /string/],
      [{ title: 'a', stars: 1.5 }, 'stars', /integer/],
      [{ title: 'a', due: 'next tuesday' }, 'due', /date-time/],
      [{ title: 'a', due: '2026-02-30T00:00:00Z' }, 'due', /date-time/],
      [{ title: 'a', due: '2026-01-02T03:04:05' }, 'due', /zone/],
      [{ title: 'a', colour: 'red' }, 'colour', /not a field/],
    ])('refuses %j naming the field %s', async (data, field, message) => {
      await expect(service.documents.createDocument(caller(projectId, { user: ann }), 'notes', data)).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        extensions: { field },
        message: expect.stringMatching(message),
      });
    });

    it('stores DATETIME values as ISO-8601 UTC', async () => {
      const created = await service.documents.createDocument(caller(projectId, { user: ann }), 'notes', { title: 'tz', due: '2026-01-02T03:04:05+02:00' });
      expect(created.data['due']).toBe('2026-01-02T01:04:05.000Z');
    });
  });

  describe('rules', () => {
    it('lets the owner read, update and delete, and keeps others out', async () => {
      const note = await service.documents.createDocument(caller(projectId, { user: ann }), 'notes', { title: 'mine' });
      expect(note.ownerId).toBe(ann);
      expect((await service.documents.getDocument(caller(projectId, { user: ann }), 'notes', note.id))?.id).toBe(note.id);
      await expect(service.documents.getDocument(caller(projectId, { user: bob }), 'notes', note.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(service.documents.getDocument(caller(projectId), 'notes', note.id)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(service.documents.updateDocument(caller(projectId, { user: bob }), 'notes', note.id, { title: 'theirs' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(service.documents.deleteDocument(caller(projectId, { user: bob }), 'notes', note.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect((await service.documents.updateDocument(caller(projectId, { user: ann }), 'notes', note.id, { title: 'still mine' })).data['title']).toBe('still mine');
      expect(await service.documents.deleteDocument(caller(projectId, { user: ann }), 'notes', note.id)).toBe(true);
      expect(await service.documents.getDocument(caller(projectId, { user: ann }), 'notes', note.id)).toBeNull();
    });

    it('lets a role named in a rule through', async () => {
      const note = await service.documents.createDocument(caller(projectId, { user: ann }), 'notes', { title: 'audited' });
      expect((await service.documents.getDocument(caller(projectId, { user: bob, roles: ['auditor'] }), 'notes', note.id))?.id).toBe(note.id);
      await expect(service.documents.deleteDocument(caller(projectId, { user: bob, roles: ['auditor'] }), 'notes', note.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await service.documents.deleteDocument(caller(projectId, { user: bob, roles: ['admin'] }), 'notes', note.id)).toBe(true);
    });

    it('lets the secret key past every rule', async () => {
      const note = await service.documents.createDocument(caller(projectId, { user: ann }), 'notes', { title: 'server' });
      expect((await service.documents.getDocument(secret(), 'notes', note.id))?.id).toBe(note.id);
      expect((await service.documents.updateDocument(secret(), 'notes', note.id, { stars: 3 })).data['stars']).toBe(3);
    });

    it('refuses creation to an anonymous caller under the default rules', async () => {
      await service.collections.createCollection(projectId, { name: 'defaults', fields: [{ name: 'a', type: 'STRING' }] }, byKey);
      await expect(service.documents.createDocument(caller(projectId), 'defaults', { a: 'x' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('hides documents of another project and unreadable ones from entity references', async () => {
      const note = await service.documents.createDocument(caller(projectId, { user: ann }), 'notes', { title: 'ref' });
      expect((await service.documents.findDocuments(caller(projectId, { user: ann }), [note.id, randomUUID()])).map((d) => d?.id ?? null)).toEqual([note.id, null]);
      expect(await service.documents.findDocuments(caller(projectId, { user: bob }), [note.id])).toEqual([null]);
      expect(await service.documents.findDocuments(caller(randomUUID(), { secret: true }), [note.id])).toEqual([null]);
    });
  });

  describe('updates', () => {
    it('applies a JSON merge patch: null clears a field, objects merge, the version goes up', async () => {
      const note = await service.documents.createDocument(caller(projectId, { user: ann }), 'notes', { title: 't', stars: 2, meta: { a: 1, b: { c: 2 } } });
      const updated = await service.documents.updateDocument(caller(projectId, { user: ann }), 'notes', note.id, { stars: null, meta: { b: { d: 3 } } });
      expect(updated.data).toEqual({ title: 't', meta: { a: 1, b: { c: 2, d: 3 } } });
      expect(updated.version).toBe(2);
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(note.updatedAt.getTime());
    });

    it('refuses a patch that would break the fields, and changes nothing', async () => {
      const note = await service.documents.createDocument(caller(projectId, { user: ann }), 'notes', { title: 't' });
      await expect(service.documents.updateDocument(caller(projectId, { user: ann }), 'notes', note.id, { title: null })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'title' } });
      expect((await service.documents.getDocument(caller(projectId, { user: ann }), 'notes', note.id))?.version).toBe(1);
    });

    it('lets exactly one of 20 concurrent updates with the same ifVersion win', async () => {
      const note = await service.documents.createDocument(caller(projectId, { user: ann }), 'notes', { title: 'race', stars: 0 });
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => service.documents.updateDocument(caller(projectId, { user: ann }), 'notes', note.id, { stars: i + 1 }, 1)),
      );
      const won = results.filter((result) => result.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const result of results) if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'CONFLICT' });
      const final = await service.documents.getDocument(caller(projectId, { user: ann }), 'notes', note.id);
      expect(final?.version).toBe(2);
      expect(final?.data['stars']).toBe((won[0] as PromiseFulfilledResult<DocumentRecordLike>).value.data['stars']);
    });

    it('applies all of 20 concurrent updates without ifVersion, one after another', async () => {
      const note = await service.documents.createDocument(caller(projectId, { user: ann }), 'notes', { title: 'counter' });
      await Promise.all(Array.from({ length: 20 }, (_, i) => service.documents.updateDocument(caller(projectId, { user: ann }), 'notes', note.id, { [`stars`]: i })));
      expect((await service.documents.getDocument(caller(projectId, { user: ann }), 'notes', note.id))?.version).toBe(21);
    });
  });

  it('writes an outbox row with every change, in the same transaction', async () => {
    const note = await service.documents.createDocument(caller(projectId, { user: ann }), 'notes', { title: 'events' });
    await service.documents.updateDocument(caller(projectId, { user: ann }), 'notes', note.id, { stars: 1 });
    await service.documents.deleteDocument(caller(projectId, { user: ann }), 'notes', note.id);
    await expect(service.documents.updateDocument(caller(projectId, { user: ann }), 'notes', note.id, { stars: 2 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const rows = await db.prisma.dataOutbox.findMany({ where: { aggregateId: note.id }, orderBy: { id: 'asc' } });
    expect(rows.map((row) => [row.topic, (row.payload as { collection: string }).collection])).toEqual([
      ['data.document.created', 'notes'],
      ['data.document.updated', 'notes'],
      ['data.document.deleted', 'notes'],
    ]);
  });

  describe('NDJSON export and import', () => {
    async function* linesOf(text: string) {
      yield* text.split('\n');
    }
    const collect = async (lines: AsyncIterable<string>) => {
      const all: string[] = [];
      for await (const line of lines) all.push(line);
      return all;
    };

    it('exports every document, oldest first, and copies them into another project under new ids', async () => {
      const fields = [{ name: 'n', type: 'INT', required: true }];
      const otherProject = randomUUID();
      await service.collections.createCollection(projectId, { name: 'source', fields }, byKey);
      await service.collections.createCollection(otherProject, { name: 'target', fields }, byKey);
      for (let n = 0; n < 25; n++) await service.documents.createDocument(caller(projectId, { user: ann }), 'source', { n });
      const exported = (await collect(service.exchange.exportCollection(projectId, 'source'))).map((line) => JSON.parse(line));
      expect(exported.map((doc) => doc.data.n)).toEqual(Array.from({ length: 25 }, (_, n) => n));
      const text = exported.map((doc) => JSON.stringify(doc)).join('\n');
      // Ids are unique across the deployment: keeping them is refused whole, nothing is written.
      await expect(service.exchange.importCollection(otherProject, 'target', linesOf(text))).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(await service.exchange.importCollection(otherProject, 'target', linesOf(text), { newIds: true })).toBe(25);
      const copied = (await collect(service.exchange.exportCollection(otherProject, 'target'))).map((line) => JSON.parse(line));
      expect(copied.map((doc) => [doc.data, doc.ownerId])).toEqual(exported.map((doc) => [doc.data, doc.ownerId]));
      expect(copied.some((doc) => exported.some((original) => original.id === doc.id))).toBe(false);
      const events = await db.prisma.dataOutbox.findMany({ where: { projectId: otherProject, topic: 'data.document.created' } });
      expect(events.map((event) => event.aggregateId).sort()).toEqual(copied.map((doc) => doc.id).sort());
    });

    it('refuses a file that names one id twice, naming the second line', async () => {
      await service.collections.createCollection(projectId, { name: 'twice', fields: [{ name: 'n', type: 'INT' }] }, byKey);
      const id = randomUUID();
      const text = [`{"id":"${id}","data":{"n":1}}`, `{"id":"${id}","data":{"n":2}}`].join('\n');
      await expect(service.exchange.importCollection(projectId, 'twice', linesOf(text))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Line 2: /) });
      expect(await collect(service.exchange.exportCollection(projectId, 'twice'))).toEqual([]);
    });

    it('restores a deleted document under its own id', async () => {
      await service.collections.createCollection(projectId, { name: 'restorable', fields: [{ name: 'n', type: 'INT' }] }, byKey);
      const doc = await service.documents.createDocument(caller(projectId, { user: ann }), 'restorable', { n: 7 });
      const [line] = await collect(service.exchange.exportCollection(projectId, 'restorable'));
      await service.documents.deleteDocument(caller(projectId, { user: ann }), 'restorable', doc.id);
      expect(await service.exchange.importCollection(projectId, 'restorable', linesOf(line!))).toBe(1);
      expect(await service.documents.getDocument(caller(projectId, { user: ann }), 'restorable', doc.id)).toMatchObject({ id: doc.id, ownerId: ann, data: { n: 7 } });
    });

    it('imports nothing when one line is bad, and names the line', async () => {
      await service.collections.createCollection(projectId, { name: 'strict', fields: [{ name: 'n', type: 'INT', required: true }] }, byKey);
      const text = ['{"data":{"n":1}}', '{"data":{"n":2}}', '{"data":{"n":"three"}}'].join('\n');
      await expect(service.exchange.importCollection(projectId, 'strict', linesOf(text))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Line 3: /) });
      expect(await collect(service.exchange.exportCollection(projectId, 'strict'))).toEqual([]);
    });
  });
});
