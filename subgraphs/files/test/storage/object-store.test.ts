import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectNotFoundError, ObjectTooLargeError } from '../../src/storage/index.ts';
import { generateBody, MiB } from './generate-body.ts';
import { hashStream, readAll } from './read-all.ts';
import { backends, type StoreFixture } from './store-backends.ts';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const bodyOf = (data: Buffer) => Readable.from([data], { objectMode: false });
const writeOptions = (maxBytes = 64 * MiB) => ({ contentType: 'application/octet-stream', maxBytes });
const newKey = () => `${randomUUID()}/${randomUUID()}`;

describe.each(backends)('the $name object store', ({ start }) => {
  let fixture: StoreFixture;
  beforeAll(async () => {
    fixture = await start();
  });
  afterAll(() => fixture?.close());

  async function expectNothingAt(key: string) {
    expect(await fixture.store.stat(key)).toBeNull();
    expect(await fixture.incompleteWrites()).toEqual([]);
  }

  it('stores a body and reads it back, with its size and SHA-256', async () => {
    const key = newKey();
    const data = randomBytes(300_000);
    expect(await fixture.store.write(key, bodyOf(data), writeOptions())).toEqual({ size: data.length, sha256: sha256(data) });
    expect((await readAll(await fixture.store.read(key))).equals(data)).toBe(true);
    expect(await fixture.incompleteWrites()).toEqual([]);
  });

  it('stores an empty body', async () => {
    const key = newKey();
    expect(await fixture.store.write(key, bodyOf(Buffer.alloc(0)), writeOptions())).toEqual({ size: 0, sha256: sha256(Buffer.alloc(0)) });
    expect(await fixture.store.stat(key)).toEqual({ size: 0 });
    expect((await readAll(await fixture.store.read(key))).length).toBe(0);
  });

  it('stores a body of several upload parts (17 MiB) intact', async () => {
    const key = newKey();
    const body = generateBody(17 * MiB);
    expect(await fixture.store.write(key, body.stream, writeOptions())).toEqual({ size: 17 * MiB, sha256: body.sha256() });
    expect(await hashStream(await fixture.store.read(key))).toEqual({ size: 17 * MiB, sha256: body.sha256() });
    await fixture.store.delete(key);
  });

  it('reads the first byte, a middle range and the last byte', async () => {
    const key = newKey();
    const data = randomBytes(10_000);
    await fixture.store.write(key, bodyOf(data), writeOptions());
    for (const [start, end] of [[0, 0], [1234, 5678], [9_999, 9_999]] as const) {
      expect((await readAll(await fixture.store.read(key, { start, end }))).equals(data.subarray(start, end + 1))).toBe(true);
    }
  });

  it('cuts a range ending past the object at its end, and refuses one starting there with a RangeError', async () => {
    const key = newKey();
    const data = randomBytes(1_000);
    await fixture.store.write(key, bodyOf(data), writeOptions());
    expect((await readAll(await fixture.store.read(key, { start: 990, end: 5_000 }))).equals(data.subarray(990))).toBe(true);
    await expect(fixture.store.read(key, { start: 1_000, end: 1_010 })).rejects.toThrow(RangeError);
    await expect(fixture.store.read(key, { start: 5, end: 4 })).rejects.toThrow(RangeError);
  });

  it('throws ObjectNotFoundError when reading a key that holds nothing, and stat gives null', async () => {
    const key = newKey();
    await expect(fixture.store.read(key)).rejects.toEqual(new ObjectNotFoundError(key));
    await expect(fixture.store.read(key, { start: 0, end: 1 })).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(await fixture.store.stat(key)).toBeNull();
  });

  it('refuses a body over maxBytes with ObjectTooLargeError as soon as it passes, keeps nothing, and leaves the body to the caller', async () => {
    const key = newKey();
    const body = generateBody(20 * MiB);
    const write = fixture.store.write(key, body.stream, writeOptions(16 * MiB));
    await expect(write).rejects.toEqual(new ObjectTooLargeError(16 * MiB));
    // Read only as far as the limit plus stream buffers, not to the end of the body.
    expect(body.producedBytes).toBeLessThan(17 * MiB);
    // An HTTP route still has to answer 413 on this request's socket.
    expect(body.stream.destroyed).toBe(false);
    body.stream.destroy();
    await expectNothingAt(key);
  });

  it('keeps nothing when the source fails midway', async () => {
    const key = newKey();
    const body = generateBody(20 * MiB, { failAfterBytes: 12 * MiB });
    await expect(fixture.store.write(key, body.stream, writeOptions())).rejects.toThrow('the source failed midway');
    await expectNothingAt(key);
  });

  it('keeps nothing when the write is aborted midway', async () => {
    const key = newKey();
    const controller = new AbortController();
    const body = generateBody(40 * MiB, { onProgress: (bytes) => bytes >= 12 * MiB && controller.abort() });
    await expect(fixture.store.write(key, body.stream, { ...writeOptions(), signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(body.producedBytes).toBeLessThan(40 * MiB);
    body.stream.destroy();
    await expectNothingAt(key);
  });

  it('refuses at once a write whose signal is already aborted, without reading the body', async () => {
    const key = newKey();
    const body = generateBody(MiB);
    await expect(fixture.store.write(key, body.stream, { ...writeOptions(), signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(body.producedBytes).toBe(0);
    await expectNothingAt(key);
  });

  it('replaces the object when a key is written again', async () => {
    const key = newKey();
    await fixture.store.write(key, bodyOf(randomBytes(5_000)), writeOptions());
    const second = randomBytes(3_000);
    expect(await fixture.store.write(key, bodyOf(second), writeOptions())).toEqual({ size: 3_000, sha256: sha256(second) });
    expect((await readAll(await fixture.store.read(key))).equals(second)).toBe(true);
  });

  it('keeps the previous object whole when a write over it fails', async () => {
    const key = newKey();
    const first = randomBytes(5_000);
    await fixture.store.write(key, bodyOf(first), writeOptions());
    const body = generateBody(20 * MiB);
    await expect(fixture.store.write(key, body.stream, writeOptions(10 * MiB))).rejects.toBeInstanceOf(ObjectTooLargeError);
    body.stream.destroy();
    expect((await readAll(await fixture.store.read(key))).equals(first)).toBe(true);
    expect(await fixture.incompleteWrites()).toEqual([]);
  });

  it('deletes an object, and deleting it again or a key never written is no error', async () => {
    const key = newKey();
    await fixture.store.write(key, bodyOf(randomBytes(100)), writeOptions());
    expect(await fixture.store.stat(key)).toEqual({ size: 100 });
    await fixture.store.delete(key);
    expect(await fixture.store.stat(key)).toBeNull();
    await expect(fixture.store.delete(key)).resolves.toBeUndefined();
    await expect(fixture.store.delete(newKey())).resolves.toBeUndefined();
  });

  it.each(['../escape', '/etc/passwd', 'a//b', 'Upper/case', 'name.txt', 'a/b/c/d'])('refuses the key %j in every operation', async (key) => {
    const body = generateBody(MiB);
    await expect(fixture.store.write(key, body.stream, writeOptions())).rejects.toThrow(TypeError);
    expect(body.producedBytes).toBe(0);
    await expect(fixture.store.read(key)).rejects.toThrow(TypeError);
    await expect(fixture.store.stat(key)).rejects.toThrow(TypeError);
    await expect(fixture.store.delete(key)).rejects.toThrow(TypeError);
  });

  it('sweeps the leftovers of unfinished writes older than the threshold and keeps newer ones', async () => {
    const hour = 3_600_000;
    for (const age of [3 * hour, 2 * hour, 2 * hour]) await fixture.leaveIncompleteWrite(age);
    await fixture.leaveIncompleteWrite(0);
    expect(await fixture.incompleteWrites()).toHaveLength(4);
    expect(await fixture.store.sweepIncomplete(hour)).toBe(3);
    expect(await fixture.incompleteWrites()).toHaveLength(1);
    expect(await fixture.store.sweepIncomplete(hour)).toBe(0);
    // A threshold in the future takes the fresh one too, leaving the store clean for other tests.
    expect(await fixture.store.sweepIncomplete(-hour)).toBe(1);
    expect(await fixture.incompleteWrites()).toEqual([]);
  });
});
