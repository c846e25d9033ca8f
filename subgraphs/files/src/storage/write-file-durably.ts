import { open, type FileHandle } from 'node:fs/promises';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Writes `source` to a new file at `path` and resolves once its bytes are flushed to disk, so a
 * crash after the caller renames it cannot leave an empty or partial file under the new name.
 */
export async function writeFileDurably(path: string, source: Readable): Promise<void> {
  // `wx`: the name is a fresh uuid, so an existing file there is a bug and must not be written through.
  const handle = await open(path, 'wx', 0o600);
  try {
    await pipeline(source, toFile(handle));
  } finally {
    await handle.close();
  }
}

/**
 * A Writable onto `handle` that fsyncs before it finishes. Not `handle.createWriteStream()`: with
 * `autoClose: false` (needed to fsync after it) that stream keeps a reference on the handle, and
 * `handle.close()` then waits forever.
 */
function toFile(handle: FileHandle): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writeAll(handle, chunk).then(() => callback(), callback);
    },
    final(callback) {
      handle.sync().then(() => callback(), callback);
    },
  });
}

async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
  // A write may take fewer bytes than given (a full disk reports its error on the next one).
  for (let offset = 0; offset < chunk.length; ) offset += (await handle.write(chunk, offset)).bytesWritten;
}
