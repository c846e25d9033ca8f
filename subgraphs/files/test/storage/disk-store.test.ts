import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll } from './read-all.ts';
import { startDiskFixture, type StoreFixture } from './store-backends.ts';

const writeOptions = { contentType: 'application/octet-stream', maxBytes: 1024 * 1024 };

describe('the disk object store, as the filesystem sees it', () => {
  let fixture: StoreFixture;
  beforeAll(async () => {
    fixture = await startDiskFixture();
  });
  afterAll(() => fixture?.close());

  it('lets a reader that opened an object read it to the end while a write replaces it', async () => {
    const first = randomBytes(200_000);
    const second = randomBytes(1_000);
    await fixture.store.write('p/f', Readable.from([first], { objectMode: false }), writeOptions);
    const reading = await fixture.store.read('p/f');
    await fixture.store.write('p/f', Readable.from([second], { objectMode: false }), writeOptions);
    expect((await readAll(reading)).equals(first)).toBe(true);
    expect((await readAll(await fixture.store.read('p/f'))).equals(second)).toBe(true);
  });

  it('treats a key that is only the prefix of longer keys as holding nothing', async () => {
    await fixture.store.write('p/q/r', Readable.from([randomBytes(10)], { objectMode: false }), writeOptions);
    expect(await fixture.store.stat('p/q')).toBeNull();
    await expect(fixture.store.read('p/q')).rejects.toMatchObject({ name: 'ObjectNotFoundError' });
    await expect(fixture.store.delete('p/q')).resolves.toBeUndefined();
    expect(await fixture.store.stat('p/q/r')).toEqual({ size: 10 });
  });
});
