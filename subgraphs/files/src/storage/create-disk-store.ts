import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertByteRange } from './assert-byte-range.ts';
import { assertStorageKey } from './assert-storage-key.ts';
import { meterBody } from './meter-body.ts';
import { ObjectNotFoundError, type ObjectStore } from './object-store.ts';
import { writeFileDurably } from './write-file-durably.ts';

export interface DiskStoreOptions {
  /**
   * The directory that holds `objects/` and `incomplete/`, created if missing (embedded mode:
   * under DATA_DIR). Both must stay on one filesystem, where a rename is atomic.
   */
  root: string;
}

/** ENOTDIR: a segment of the path is a file; EISDIR: the key is a directory, the prefix of longer keys. */
const absentCodes = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);
const isAbsent = (error: unknown) => absentCodes.has((error as NodeJS.ErrnoException).code ?? '');

/**
 * An ObjectStore in a local directory: `<root>/objects/<key>` for objects, and a write goes to
 * `<root>/incomplete/<uuid>` until it is complete and flushed to disk, then is renamed into place.
 * Readers therefore see the old object or the new one, never part of one, and one that opened the
 * old one keeps reading it to the end. Empty directories are left behind by `delete`: removing
 * them would race with a write creating its object in them.
 */
export async function createDiskStore({ root }: DiskStoreOptions): Promise<ObjectStore> {
  const objectsDir = join(root, 'objects');
  const incompleteDir = join(root, 'incomplete');
  await mkdir(objectsDir, { recursive: true });
  await mkdir(incompleteDir, { recursive: true });
  const pathOf = (key: string) => {
    assertStorageKey(key);
    return join(objectsDir, ...key.split('/'));
  };

  return {
    async write(key, body, { maxBytes, signal }) {
      const target = pathOf(key);
      const metered = meterBody(body, { maxBytes, signal });
      const temp = join(incompleteDir, randomUUID());
      let renamed = false;
      try {
        await writeFileDurably(temp, metered.stream);
        await mkdir(dirname(target), { recursive: true });
        await rename(temp, target);
        renamed = true;
        await syncDirectory(dirname(target));
        return metered.stream.result;
      } catch (error) {
        // Past the rename the object is visible, but a write that failed must not leave it there.
        await rm(renamed ? target : temp, { force: true });
        throw error;
      } finally {
        metered.release();
      }
    },

    async read(key, range) {
      const path = pathOf(key);
      if (range) assertByteRange(range);
      // Opened before returning, so a missing object is an error here rather than in the stream,
      // and the stream reads this one file even if it is replaced meanwhile.
      const handle = await open(path, 'r').catch((error: unknown) => {
        throw isAbsent(error) ? new ObjectNotFoundError(key) : error;
      });
      try {
        const info = await handle.stat();
        if (!info.isFile()) throw new ObjectNotFoundError(key);
        if (range && range.start >= info.size) throw new RangeError(`bytes ${range.start}- start at or past the end of ${key} (${info.size} bytes).`);
        return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    async stat(key) {
      const path = pathOf(key);
      try {
        const info = await stat(path);
        return info.isFile() ? { size: info.size } : null;
      } catch (error) {
        if (isAbsent(error)) return null;
        throw error;
      }
    },

    async delete(key) {
      const path = pathOf(key);
      await unlink(path).catch((error: unknown) => {
        if (!isAbsent(error)) throw error;
      });
    },

    async sweepIncomplete(olderThanMs) {
      const cutoff = Date.now() - olderThanMs;
      let removed = 0;
      for (const name of await readdir(incompleteDir)) {
        const path = join(incompleteDir, name);
        // A write still running touches its file with every chunk, so only silent ones are this old.
        const info = await stat(path).catch(() => null);
        if (!info || info.mtimeMs >= cutoff) continue;
        await rm(path, { force: true, recursive: true });
        removed += 1;
      }
      return removed;
    },

    // Nothing stays open between calls.
    async close() {},
  };
}

/** Flushes a directory's entries, so a rename into it survives a crash once this returns. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
