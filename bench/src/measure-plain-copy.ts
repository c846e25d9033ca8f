import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { TestFile } from './create-test-file.ts';
import { quantile } from './quantile.ts';
import { timeTransfers, type TransferFigures } from './transfer-figures.ts';

/** The same bytes moved without HTTP, hashing or a database: what the disk itself gives. */
export interface PlainCopyFigures {
  /** Streamed copy to a temporary name, fsync, rename into place, fsync of the directory: the disk store's steps. */
  readonly copy: TransferFigures;
  /** p50 of the two fsyncs (file, directory) within each copy: the part of it spent waiting for the device. */
  readonly copyFsyncP50Ms: number;
  /** `fs.copyFile` (copy_file_range in the kernel, no user-space buffers) then fsync: for reference. */
  readonly copyFile: TransferFigures;
  /** A streamed read counted and dropped: what a download reads. */
  readonly read: TransferFigures;
  /** The same read through SHA-256, as the benchmark's download client checks every byte. */
  readonly readHashed: TransferFigures;
}

export interface PlainCopyOptions {
  source: TestFile;
  /** A scratch directory on the filesystem under test; emptied afterwards. */
  dir: string;
  count: number;
  concurrency: number;
}

/**
 * Copies and reads `source` `count` times, `concurrency` at once, the way the disk store writes an
 * upload (`write-file-durably.ts`, `create-disk-store.ts`) and reads a download, so the upload and
 * download figures have a ceiling to be compared with.
 */
export async function measurePlainCopy({ source, dir, count, concurrency }: PlainCopyOptions): Promise<PlainCopyFigures> {
  const incomplete = join(dir, 'incomplete');
  const objects = join(dir, 'objects');
  await mkdir(incomplete, { recursive: true });
  await mkdir(objects, { recursive: true });
  const series = { count, concurrency, bytesEach: source.size };
  try {
    const fsyncMs: number[] = [];
    const copy = await timeTransfers(series, async (index) => {
      const temp = join(incomplete, `copy-${index}`);
      await pipeline(createReadStream(source.path), createWriteStream(temp, { flags: 'wx' }));
      // Synced before the rename, as the store does; through a second descriptor (fsync flushes
      // the file, whichever descriptor asks) so the fsyncs' share of the copy can be timed.
      let syncStarted = performance.now();
      await syncPath(temp);
      let synced = performance.now() - syncStarted;
      await rename(temp, join(objects, `copy-${index}`));
      syncStarted = performance.now();
      await syncPath(objects);
      synced += performance.now() - syncStarted;
      fsyncMs.push(synced);
    });
    await emptyDirectory(objects);
    const copyFileFigures = await timeTransfers(series, async (index) => {
      const target = join(objects, `copy-file-${index}`);
      await copyFile(source.path, target);
      await syncPath(target);
    });
    await emptyDirectory(objects);
    const read = await timeTransfers(series, async () => {
      let bytes = 0;
      for await (const chunk of createReadStream(source.path)) bytes += (chunk as Buffer).length;
      if (bytes !== source.size) throw new Error(`read ${bytes} bytes of ${source.path}, expected ${source.size}`);
    });
    const readHashed = await timeTransfers(series, async () => {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(source.path)) hash.update(chunk as Buffer);
      if (hash.digest('hex') !== source.sha256) throw new Error(`the SHA-256 of ${source.path} changed`);
    });
    return { copy, copyFsyncP50Ms: quantile(fsyncMs.sort((a, b) => a - b), 0.5), copyFile: copyFileFigures, read, readHashed };
  } finally {
    await rm(incomplete, { recursive: true, force: true });
    await rm(objects, { recursive: true, force: true });
  }
}

async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function emptyDirectory(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
  await mkdir(path);
}
