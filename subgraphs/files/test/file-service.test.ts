import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Database } from '@fedbase/db';
import { createLogger } from '@fedbase/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFilesService, type FilesService } from '../src/service.ts';
import { storageKey } from '../src/files/file-record.ts';
import { createDiskStore, type ObjectStore } from '../src/storage/index.ts';
import { caller, engines } from './files-engines.ts';

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: { extensions?: { code?: string } }) => error.extensions?.code);

describe.each(engines)('the file service on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let store: ObjectStore;
  let root: string;
  let service: FilesService;
  const projectId = randomUUID();
  const ann = randomUUID();
  const bob = randomUUID();
  const asAnn = () => caller(projectId, { key: 'publishable', user: ann });
  const asBob = () => caller(projectId, { key: 'publishable', user: bob });
  const server = () => caller(projectId);

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    root = await mkdtemp(join(tmpdir(), 'fedbase-file-service-'));
    store = await createDiskStore({ root });
    service = createFilesService({
      db,
      store,
      config: { signingSecret: 's'.repeat(32), publicUrl: 'https://api.example.com', maxFileSize: 1000, uploadUrlTtlSeconds: 60 },
      logger: createLogger({ service: 'files', level: 'silent' }),
    });
    await service.buckets.createBucket(server(), { name: 'public', public: true, maxFileSize: 100 });
    await service.buckets.createBucket(server(), { name: 'private', allowedContentTypes: ['text/*'] });
  }, 60_000);
  afterAll(async () => {
    await service?.janitor.close();
    await dispose?.();
    await rm(root, { recursive: true, force: true });
  });

  /** A READY file: a ticket, then the bytes written as the upload handler would, then the row. */
  const readyFile = async (context: ReturnType<typeof caller>, bucket: string, text: string) => {
    const ticket = await service.files.createUploadUrl(context, { bucket, name: `${text}.txt`, contentType: 'text/plain', size: text.length });
    const written = await store.write(storageKey(ticket.file), Readable.from([Buffer.from(text)]), { contentType: 'text/plain', maxBytes: text.length });
    await db.prisma.file.update({ where: { id: ticket.file.id }, data: { status: 'READY', sha256: written.sha256 } });
    return ticket.file.id;
  };

  it('refuses buckets with bad names, limits or types, twice the same name, and callers without the secret key', async () => {
    expect(await codeOf(service.buckets.createBucket(server(), { name: 'Bad Name' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(service.buckets.createBucket(server(), { name: 'big', maxFileSize: 5000 }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(service.buckets.createBucket(server(), { name: 'typed', allowedContentTypes: ['images'] }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(service.buckets.createBucket(server(), { name: 'public' }))).toBe('CONFLICT');
    expect(await codeOf(service.buckets.createBucket(asAnn(), { name: 'mine' }))).toBe('FORBIDDEN');
  });

  it('issues upload URLs on the public origin only within the bucket and instance limits', async () => {
    const ticket = await service.files.createUploadUrl(asAnn(), { bucket: 'public', name: 'a.txt', contentType: 'text/plain', size: 10 });
    expect(ticket.url).toMatch(/^https:\/\/api\.example\.com\/files\/upload\/[\w-]+\.[\w-]+$/);
    expect(ticket.file).toMatchObject({ status: 'PENDING', ownerId: ann, size: 10 });
    expect(await codeOf(service.files.createUploadUrl(asAnn(), { bucket: 'public', name: 'a.txt', contentType: 'text/plain', size: 101 }))).toBe('PAYLOAD_TOO_LARGE');
    expect(await codeOf(service.files.createUploadUrl(asAnn(), { bucket: 'private', name: 'a.png', contentType: 'image/png', size: 1 }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(service.files.createUploadUrl(asAnn(), { bucket: 'private', name: 'a\u0000.txt', contentType: 'text/plain', size: 1 }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(service.files.createUploadUrl(asAnn(), { bucket: 'nope', name: 'a.txt', contentType: 'text/plain', size: 1 }))).toBe('NOT_FOUND');
    expect(await codeOf(service.files.createUploadUrl(caller(projectId, { key: 'publishable' }), { bucket: 'public', name: 'a.txt', contentType: 'text/plain', size: 1 }))).toBe('UNAUTHENTICATED');
  });

  it('shows a private file to its owner and the secret key, a public one to anyone with the key, neither to another project', async () => {
    const diary = await readyFile(asAnn(), 'private', 'diary');
    const poster = await readyFile(asAnn(), 'public', 'poster');
    expect(await service.files.getFile(asAnn(), diary)).toMatchObject({ id: diary, bucket: 'private' });
    expect(await service.files.getFile(server(), diary)).not.toBeNull();
    expect(await service.files.getFile(asBob(), diary)).toBeNull();
    expect(await service.files.getFile(caller(projectId, { key: 'publishable' }), poster)).not.toBeNull();
    expect(await service.files.getFile(caller(randomUUID()), poster)).toBeNull();
    expect(await service.files.findFiles(asBob(), [diary, poster, 'not-an-id'])).toEqual([null, expect.objectContaining({ id: poster }), null]);
  });

  it("lists a private bucket as each user's own files, newest first with cursors", async () => {
    const mine = [await readyFile(asBob(), 'private', 'one'), await readyFile(asBob(), 'private', 'two'), await readyFile(asBob(), 'private', 'three')];
    const first = await service.files.listFiles(asBob(), { bucket: 'private', first: 2 });
    expect(first.edges.map((edge) => edge.node.id)).toEqual([mine[2], mine[1]]);
    const rest = await service.files.listFiles(asBob(), { bucket: 'private', first: 2, after: first.pageInfo.endCursor });
    expect(rest.edges.map((edge) => edge.node.id)).toEqual([mine[0]]);
    expect(await first.totalCount()).toBe(3);
    expect(await codeOf(service.files.listFiles(caller(projectId, { key: 'publishable' }), { bucket: 'private' }))).toBe('UNAUTHENTICATED');
    expect(await codeOf(service.files.listFiles(asBob(), { bucket: 'private', after: 'junk' }))).toBe('BAD_USER_INPUT');
  });

  it("deletes the row at once and the bytes right after, and refuses another user's delete", async () => {
    const id = await readyFile(asAnn(), 'public', 'bye');
    expect(await codeOf(service.files.deleteFile(asBob(), id))).toBe('FORBIDDEN');
    expect(await service.files.deleteFile(asAnn(), id)).toBe(true);
    expect(await service.files.getFile(server(), id)).toBeNull();
    await expect.poll(() => store.stat(`${projectId}/${id}`)).toBeNull();
    await expect.poll(() => db.prisma.pendingDeletion.count()).toBe(0); // the queue row goes right after the bytes
    const [outbox] = await db.query<{ topic: string }>(`SELECT topic FROM files.outbox WHERE aggregate_id = $1`, [id]);
    expect(outbox?.topic).toBe('files.file.deleted');
  });

  it('signs download URLs only for uploaded files, for at most a week', async () => {
    const id = await readyFile(asAnn(), 'public', 'dl');
    const file = (await service.files.getFile(asAnn(), id))!;
    expect(service.files.downloadUrl(asAnn(), file, 60)).toMatch(/^https:\/\/api\.example\.com\/files\/download\//);
    expect(() => service.files.downloadUrl(asAnn(), file, 8 * 24 * 3600)).toThrow(/expiresIn/);
    const pending = (await service.files.createUploadUrl(asAnn(), { bucket: 'public', name: 'p.txt', contentType: 'text/plain', size: 1 })).file;
    expect(() => service.files.downloadUrl(asAnn(), pending)).toThrow(/no bytes yet/);
  });

  it('sweeps files whose upload ticket expired long ago, with any bytes a crashed upload left', async () => {
    const { file } = await service.files.createUploadUrl(asAnn(), { bucket: 'public', name: 'late.txt', contentType: 'text/plain', size: 4 });
    await store.write(storageKey(file), Readable.from([Buffer.from('late')]), { contentType: 'text/plain', maxBytes: 4 });
    await db.prisma.file.update({ where: { id: file.id }, data: { expiresAt: new Date(Date.now() - 2 * 3600_000) } });
    const swept = await service.janitor.sweep();
    expect(swept.expiredFiles).toBe(1);
    expect(await db.prisma.file.findUnique({ where: { id: file.id } })).toBeNull();
    expect(await store.stat(storageKey(file))).toBeNull();
  });
});
