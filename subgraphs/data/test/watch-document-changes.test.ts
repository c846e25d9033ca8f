import { randomUUID } from 'node:crypto';
import type { Database } from '@fedbase/db';
import { createEventBus, type EventBus } from '@fedbase/event-bus';
import { createOutboxRelay, outboxChannel, type OutboxRelay } from '@fedbase/outbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataService, type DataService } from '../src/index.ts';
import { caller, engines } from './data-engines.ts';

const byKey = { kind: 'secret_key', id: 'key-1' } as const;

const silence = (ms = 300) => new Promise((resolve) => setTimeout(() => resolve('silence'), ms));

describe.each(engines)('documentChanged on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let bus: EventBus;
  let relay: OutboxRelay;
  let service: DataService;
  const projectId = randomUUID();
  const ann = randomUUID();
  const bob = randomUUID();

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    bus = createEventBus();
    relay = createOutboxRelay({ db, schema: 'data', column: 'published_at', deliver: async (rows) => {
      for (const row of rows) await bus.publish(outboxChannel('data', row.projectId, row.topic), row);
    } });
    service = createDataService(db, { bus, afterOutboxCommit: () => relay.kick() });
    await service.collections.createCollection(projectId, { name: 'diary', fields: [{ name: 'text', type: 'STRING' }], rules: { read: 'owner' } }, byKey);
    await service.collections.createCollection(projectId, { name: 'board', fields: [{ name: 'text', type: 'STRING' }], rules: { read: 'authenticated' } }, byKey);
  }, 60_000);
  afterAll(async () => {
    await relay?.close();
    await bus?.close();
    await dispose?.();
  });

  it('streams created, updated and deleted documents of the collection in order', async () => {
    const changes = await service.watchDocumentChanges(caller(projectId, { user: bob }), 'board');
    const created = await service.documents.createDocument(caller(projectId, { user: ann }), 'board', { text: 'a' });
    await service.documents.createDocument(caller(projectId, { user: ann }), 'diary', { text: 'elsewhere' });
    await service.documents.updateDocument(caller(projectId, { user: ann }), 'board', created.id, { text: 'b' });
    await service.documents.deleteDocument(caller(projectId, { user: ann }), 'board', created.id);
    const seen = [];
    for (let i = 0; i < 3; i += 1) seen.push((await changes.next()).value);
    expect(seen.map((change) => [change?.operation, change?.document.data, change?.document.version])).toEqual([
      ['CREATED', { text: 'a' }, 1],
      ['UPDATED', { text: 'b' }, 2],
      ['DELETED', { text: 'b' }, 2],
    ]);
    expect(seen[0]?.document).toMatchObject({ id: created.id, collection: 'board', ownerId: ann });
    expect(seen[0]?.document.createdAt).toBeInstanceOf(Date);
    await changes.return?.();
  });

  it("applies the read rule to every event: an owner-only collection shows a user only their own", async () => {
    const bobs = await service.watchDocumentChanges(caller(projectId, { user: bob }), 'diary');
    await service.documents.createDocument(caller(projectId, { user: ann }), 'diary', { text: "ann's" });
    await service.documents.createDocument(caller(projectId, { user: bob }), 'diary', { text: "bob's" });
    expect((await bobs.next()).value?.document.data).toEqual({ text: "bob's" });
    await bobs.return?.();
    const server = await service.watchDocumentChanges(caller(projectId, { secret: true }), 'diary');
    await service.documents.createDocument(caller(projectId, { user: ann }), 'diary', { text: 'seen by the server' });
    expect((await server.next()).value?.document.data).toEqual({ text: 'seen by the server' });
    await server.return?.();
  });

  it('refuses at once a caller who could read nothing, and an unknown collection', async () => {
    await expect(service.watchDocumentChanges(caller(projectId), 'board')).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(service.watchDocumentChanges(caller(projectId, { user: ann }), 'nope')).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('hears nothing of another project', async () => {
    const otherProject = randomUUID();
    await service.collections.createCollection(otherProject, { name: 'board', fields: [{ name: 'text', type: 'STRING' }], rules: { read: 'public' } }, byKey);
    const outsider = await service.watchDocumentChanges(caller(otherProject), 'board');
    await service.documents.createDocument(caller(projectId, { user: ann }), 'board', { text: 'private to project one' });
    expect(await Promise.race([outsider.next(), silence()])).toBe('silence');
    await outsider.return?.();
  });

  it('releases the bus subscription when returned before the first event', async () => {
    const changes = await service.watchDocumentChanges(caller(projectId, { user: bob }), 'board');
    await changes.return?.();
    expect(await changes.next()).toEqual({ done: true, value: undefined });
  });
});
