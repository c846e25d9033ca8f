import { CreateMultipartUploadCommand, ListMultipartUploadsCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDiskStore, createS3Store, type ObjectStore } from '../../src/storage/index.ts';
import { startS3rver, type RunningS3rver } from '@fedbase/testing';

export interface StoreFixture {
  store: ObjectStore;
  /** What unfinished writes have left behind: files in `incomplete/` on disk, multipart uploads on S3. */
  incompleteWrites(): Promise<string[]>;
  /** Leaves an unfinished write behind, `ageMs` old, as a process that crashed mid-write would. */
  leaveIncompleteWrite(ageMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface S3Fixture extends StoreFixture {
  s3rver: RunningS3rver;
}

export interface StoreBackend {
  name: string;
  start(): Promise<StoreFixture>;
}

export async function startDiskFixture(): Promise<StoreFixture> {
  const root = await mkdtemp(join(tmpdir(), 'fedbase-disk-store-'));
  const store = await createDiskStore({ root });
  const incomplete = join(root, 'incomplete');
  return {
    store,
    incompleteWrites: () => readdir(incomplete),
    async leaveIncompleteWrite(ageMs) {
      const path = join(incomplete, randomUUID());
      await writeFile(path, 'the first bytes of an upload');
      const then = new Date(Date.now() - ageMs);
      await utimes(path, then, then);
    },
    async close() {
      await store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

const bucket = 'fedbase-files-test';

export async function startS3Fixture(): Promise<S3Fixture> {
  const s3rver = await startS3rver();
  const connection = { endpoint: s3rver.endpoint, region: 'us-east-1', forcePathStyle: true };
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const store = await createS3Store({ ...connection, ...credentials, bucket });
  // The tests' own view of the bucket, beside the store's.
  const client = new S3Client({ ...connection, credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });
  return {
    store,
    s3rver,
    async incompleteWrites() {
      const uploads: string[] = [];
      let markers: { KeyMarker?: string | undefined; UploadIdMarker?: string | undefined } = {};
      for (;;) {
        const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, ...markers }));
        uploads.push(...(page.Uploads ?? []).map((upload) => `${upload.Key} ${upload.UploadId}`));
        if (!page.IsTruncated) return uploads;
        markers = { KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker };
      }
    },
    async leaveIncompleteWrite(ageMs) {
      const Key = `leftover/${randomUUID()}`;
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }));
      await client.send(new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber: 1, Body: Buffer.from('the first part of an upload') }));
      await s3rver.backdateUpload(bucket, UploadId ?? '', ageMs);
    },
    async close() {
      client.destroy();
      await store.close();
      await s3rver.close();
    },
  };
}

export const backends: StoreBackend[] = [
  { name: 'disk', start: startDiskFixture },
  { name: 's3', start: startS3Fixture },
];
