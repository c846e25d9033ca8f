import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { abortMultipartUpload } from './abort-multipart-upload.ts';
import { assertByteRange } from './assert-byte-range.ts';
import { assertStorageKey } from './assert-storage-key.ts';
import { ensureBucket } from './ensure-bucket.ts';
import { meterBody } from './meter-body.ts';
import { ObjectNotFoundError, type ObjectStore } from './object-store.ts';
import { sweepMultipartUploads } from './sweep-multipart-uploads.ts';

export interface S3StoreOptions {
  /** The S3 API's URL (S3_ENDPOINT), e.g. `https://s3.eu-west-1.amazonaws.com` or `http://minio:9000`. */
  endpoint: string;
  region: string;
  /** Created at start when missing (see ensureBucket). */
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `<endpoint>/<bucket>/<key>` rather than `<bucket>.<host>/<key>`, as most self-hosted stores need. */
  forcePathStyle: boolean;
}

// An upload holds about (queueSize + 1) parts in memory: those being sent and the one filling, so
// 24 MiB whatever the file's size. With S3's 10,000 parts at most, objects can reach 80 GiB.
const partSize = 8 * 1024 * 1024;
const queueSize = 2;

const isMissing = (error: unknown) => error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NotFound');

/**
 * An ObjectStore in an S3 bucket, the key as the object key. An object exists only once its
 * PutObject or CompleteMultipartUpload has succeeded, so an unfinished write's "temporary key" is
 * its multipart upload: a failed write aborts it, and `sweepIncomplete` aborts those a crashed
 * process left. Resolves once the bucket is known to exist, so a wrong endpoint or credentials
 * fail at boot rather than on the first upload.
 */
export async function createS3Store(options: S3StoreOptions): Promise<ObjectStore> {
  const { endpoint, region, bucket, accessKeyId, secretAccessKey, forcePathStyle } = options;
  const client = new S3Client({
    endpoint,
    region,
    forcePathStyle,
    credentials: { accessKeyId, secretAccessKey },
    // We hash every body ourselves. The SDK's default CRC32 checksums (since 3.729) are refused or
    // mishandled by several S3-compatible stores, so they are only sent where an API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    await ensureBucket(client, bucket);
  } catch (error) {
    client.destroy();
    throw error;
  }

  return {
    async write(key, body, { contentType, maxBytes, signal }) {
      assertStorageKey(key);
      const metered = meterBody(body, { maxBytes, signal });
      const upload = new Upload({ client, params: { Bucket: bucket, Key: key, Body: metered.stream, ContentType: contentType }, partSize, queueSize });
      try {
        await upload.done();
        return metered.stream.result;
      } catch (error) {
        // Not upload.abort(): its done() rejects at once while parts may still be in flight. An
        // error of the body instead makes lib-storage wait for them and abort the upload before
        // rejecting; this repeats that abort in case it failed. Should this fail too, the sweep
        // gets the upload later, and the error worth reporting is the first one.
        if (upload.uploadId) await abortMultipartUpload(client, { bucket, key, uploadId: upload.uploadId }).catch(() => false);
        throw metered.stream.errored ?? error;
      } finally {
        metered.release();
      }
    },

    async read(key, range) {
      assertStorageKey(key);
      if (range) assertByteRange(range);
      try {
        const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range && `bytes=${range.start}-${range.end}` }));
        if (!(Body instanceof Readable)) throw new Error(`GetObject ${key} answered without a readable body.`);
        return Body;
      } catch (error) {
        if (isMissing(error)) throw new ObjectNotFoundError(key);
        if (error instanceof S3ServiceException && error.name === 'InvalidRange') {
          throw new RangeError(`bytes ${range?.start}- start at or past the end of ${key}.`, { cause: error });
        }
        throw error;
      }
    },

    async stat(key) {
      assertStorageKey(key);
      try {
        const { ContentLength } = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { size: ContentLength ?? 0 };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async delete(key) {
      assertStorageKey(key);
      // S3 answers 204 whether or not the object existed.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },

    sweepIncomplete: (olderThanMs) => sweepMultipartUploads(client, bucket, olderThanMs),

    async close() {
      client.destroy();
    },
  };
}
