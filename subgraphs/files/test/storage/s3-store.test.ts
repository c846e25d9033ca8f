import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createS3Store, ObjectTooLargeError } from '../../src/storage/index.ts';
import { generateBody, MiB } from './generate-body.ts';
import { startS3Fixture, type S3Fixture } from './store-backends.ts';

const writeOptions = (maxBytes = 64 * MiB) => ({ contentType: 'application/octet-stream', maxBytes });
const newKey = () => `${randomUUID()}/${randomUUID()}`;
const objectOperations = (operations: string[]) => operations.filter((name) => !name.endsWith('Bucket') && name !== 'ListMultipartUploads');

describe('the S3 object store, as S3 sees it', () => {
  let fixture: S3Fixture;
  beforeAll(async () => {
    fixture = await startS3Fixture();
  });
  afterAll(() => fixture?.close());
  beforeEach(() => {
    fixture.s3rver.operations.length = 0;
  });

  it('sends a body smaller than one part with a single PutObject', async () => {
    await fixture.store.write(newKey(), Readable.from([randomBytes(1_000)], { objectMode: false }), writeOptions());
    expect(objectOperations(fixture.s3rver.operations)).toEqual(['PutObject']);
  });

  it('sends a larger body as a multipart upload of 8 MiB parts, completed once all are sent', async () => {
    await fixture.store.write(newKey(), generateBody(17 * MiB).stream, writeOptions());
    expect(objectOperations(fixture.s3rver.operations)).toEqual(['CreateMultipartUpload', 'UploadPart', 'UploadPart', 'UploadPart', 'CompleteMultipartUpload']);
  });

  it('aborts the multipart upload it started when the body passes the limit, and completes nothing', async () => {
    const body = generateBody(20 * MiB);
    await expect(fixture.store.write(newKey(), body.stream, writeOptions(16 * MiB))).rejects.toBeInstanceOf(ObjectTooLargeError);
    body.stream.destroy();
    const operations = objectOperations(fixture.s3rver.operations);
    expect(operations).toContain('UploadPart');
    expect(operations).toContain('AbortMultipartUpload');
    expect(operations).not.toContain('CompleteMultipartUpload');
    expect(await fixture.incompleteWrites()).toEqual([]);
  });

  it('creates its bucket when missing and starts on it as it is when it exists', async () => {
    const connection = { endpoint: fixture.s3rver.endpoint, region: 'us-east-1', forcePathStyle: true, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    const created = await createS3Store({ ...connection, bucket: 'fedbase-another-bucket' });
    const reopened = await createS3Store({ ...connection, bucket: 'fedbase-another-bucket' });
    expect(fixture.s3rver.operations).toEqual(['HeadBucket', 'CreateBucket', 'HeadBucket']);
    await Promise.all([created.close(), reopened.close()]);
  });

  it('fails at start, not on the first upload, when the endpoint cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const starting = createS3Store({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true, bucket: 'fedbase-files', accessKeyId: 'x', secretAccessKey: 'y' });
    await expect(starting).rejects.toThrow(/ECONNREFUSED/);
  });
});
