/// <reference path="./s3rver.d.ts" />
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver, { type KoaContext } from 's3rver';

export interface RunningS3rver {
  /** `http://127.0.0.1:<port>`; credentials S3RVER / S3RVER. */
  endpoint: string;
  /** The S3 operations received, in order (`CreateMultipartUpload`, `UploadPart`, ...). */
  operations: string[];
  /** Makes a multipart upload look initiated `ageMs` ago. */
  backdateUpload(bucket: string, uploadId: string, ageMs: number): Promise<void>;
  close(): Promise<void>;
}

interface UploadRecord {
  key: string;
  uploadId: string;
  initiated: Date;
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * A real s3rver in this process, on an ephemeral port of 127.0.0.1, in a fresh directory. Three gaps
 * of s3rver 3.7 are filled in front of it so the S3 store can be tested end to end:
 * - ListMultipartUploads (NotImplemented) and AbortMultipartUpload (MethodNotAllowed) are answered
 *   here from s3rver's own record of uploads, `<bucket>/._S3rver_uploads/<uploadId>/`; listings
 *   hold `listPageSize` uploads a page, so the store's paging is exercised too.
 * - `Range: bytes=0-0` returns the whole object (`options.end || Infinity` in its store): that one
 *   byte is read again from the object's file.
 */
export async function startS3rver({ listPageSize = 2 } = {}): Promise<RunningS3rver> {
  const directory = await mkdtemp(join(tmpdir(), 'fedbase-s3rver-'));
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { store } = s3rver;
  const operations: string[] = [];
  const uploadsDir = (bucket: string) => store.getResourcePath(bucket, undefined, 'uploads');

  async function listUploads(bucket: string): Promise<UploadRecord[]> {
    const ids = await readdir(uploadsDir(bucket)).catch(() => []);
    const records = await Promise.all(ids.map(async (uploadId) => {
      const keyFile = join(uploadsDir(bucket), uploadId, 'key');
      // An upload being initiated right now may not have its key file yet.
      const [key, info] = await Promise.all([readFile(keyFile, 'utf8'), stat(keyFile)]).catch(() => []);
      return key && info ? { key, uploadId, initiated: info.mtime } : null;
    }));
    return records.filter((record) => record !== null).sort((a, b) => a.key.localeCompare(b.key) || a.uploadId.localeCompare(b.uploadId));
  }

  async function answerListMultipartUploads(ctx: KoaContext, bucket: string): Promise<void> {
    const keyMarker = first(ctx.query['key-marker']) ?? '';
    const uploadIdMarker = first(ctx.query['upload-id-marker']) ?? '';
    const after = (await listUploads(bucket)).filter(({ key, uploadId }) => key > keyMarker || (key === keyMarker && uploadId > uploadIdMarker));
    const page = after.slice(0, listPageSize);
    const last = page.at(-1);
    const truncated = after.length > page.length;
    ctx.type = 'application/xml';
    ctx.body = xml(
      `<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${escape(bucket)}</Bucket>` +
        `<KeyMarker>${escape(keyMarker)}</KeyMarker><UploadIdMarker>${escape(uploadIdMarker)}</UploadIdMarker>` +
        (truncated && last ? `<NextKeyMarker>${escape(last.key)}</NextKeyMarker><NextUploadIdMarker>${last.uploadId}</NextUploadIdMarker>` : '') +
        `<MaxUploads>${listPageSize}</MaxUploads><IsTruncated>${truncated}</IsTruncated>` +
        page.map((u) => `<Upload><Key>${escape(u.key)}</Key><UploadId>${u.uploadId}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated><StorageClass>STANDARD</StorageClass></Upload>`).join('') +
        '</ListMultipartUploadsResult>',
    );
  }

  async function answerAbortMultipartUpload(ctx: KoaContext, bucket: string, key: string, uploadId: string): Promise<void> {
    const upload = (await listUploads(bucket)).find((u) => u.uploadId === uploadId && u.key === key);
    if (!upload) {
      ctx.status = 404;
      ctx.type = 'application/xml';
      ctx.body = xml(`<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${escape(uploadId)}</UploadId></Error>`);
      return;
    }
    await rm(join(uploadsDir(bucket), uploadId), { recursive: true, force: true });
    ctx.status = 204;
  }

  // First in Koa's chain, so it sees every request before s3rver's router refuses the two above.
  s3rver.middleware.unshift(async (ctx, next) => {
    const [bucket = '', ...keyParts] = ctx.path.slice(1).split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const uploadId = first(ctx.query['uploadId']);
    const operation = operationName(ctx.method, key !== '', 'uploads' in ctx.query, uploadId !== undefined, 'partNumber' in ctx.query);
    operations.push(operation);
    if (operation === 'ListMultipartUploads') return answerListMultipartUploads(ctx, bucket);
    if (operation === 'AbortMultipartUpload' && uploadId) return answerAbortMultipartUpload(ctx, bucket, key, uploadId);
    return next();
  });

  const getObject = store.getObject.bind(store);
  store.getObject = async (bucket, key, options) => {
    const object = await getObject(bucket, key, options);
    if (object?.content && options?.start === 0 && options.end === 0) {
      object.content.destroy();
      object.content = createReadStream(store.getResourcePath(bucket, key, 'object'), { start: 0, end: 0 });
      object.range = { start: 0, end: 0 };
    }
    return object;
  };

  const { port } = await s3rver.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    operations,
    async backdateUpload(bucket, uploadId, ageMs) {
      const then = new Date(Date.now() - ageMs);
      await utimes(join(uploadsDir(bucket), uploadId, 'key'), then, then);
    },
    async close() {
      await s3rver.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function operationName(method: string, hasKey: boolean, uploads: boolean, uploadId: boolean, partNumber: boolean): string {
  if (!hasKey) {
    if (method === 'GET' && uploads) return 'ListMultipartUploads';
    return `${{ PUT: 'Create', HEAD: 'Head', DELETE: 'Delete', GET: 'List' }[method] ?? method}Bucket`;
  }
  if (method === 'POST' && uploads) return 'CreateMultipartUpload';
  if (method === 'PUT' && uploadId && partNumber) return 'UploadPart';
  if (method === 'POST' && uploadId) return 'CompleteMultipartUpload';
  if (method === 'DELETE' && uploadId) return 'AbortMultipartUpload';
  return `${{ PUT: 'Put', GET: 'Get', HEAD: 'Head', DELETE: 'Delete' }[method] ?? method}Object`;
}
