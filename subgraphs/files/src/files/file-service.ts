import { randomUUID } from 'node:crypto';
import { requireProject, type RequestContext } from '@fedbase/context';
import type { Database } from '@fedbase/db';
import { decodeTimeIdCursor, encodeTimeIdCursor, isUuid } from '@fedbase/db';
import { Errors, FedbaseError } from '@fedbase/errors';
import { acceptsContentType, type BucketService } from '../buckets/bucket-service.ts';
import { writeOutbox } from '../outbox.ts';
import type { FileQuotas } from './create-file-quotas.ts';
import type { FileUrlSigner } from '../urls/file-url-signer.ts';
import { canDeleteFile, canReadFile } from './file-access.ts';
import { fileColumns, storageKey, toFileRecord, type FileRecord, type FileRow } from './file-record.ts';

export interface CreateUploadUrlInput {
  bucket: string;
  name: string;
  contentType: string;
  size: number;
}

export interface UploadTicket {
  url: string;
  file: FileRecord;
  expiresAt: Date;
}

export interface FileConnection {
  edges: { cursor: string; node: FileRecord }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: () => Promise<number>;
}

export interface FileService {
  /** A PENDING file and a signed, expiring URL to PUT its bytes to (a signed-in user or the secret key). */
  createUploadUrl(context: RequestContext, input: CreateUploadUrlInput): Promise<UploadTicket>;
  /** The file if it exists and the caller may read it, else null. */
  getFile(context: RequestContext, id: string): Promise<FileRecord | null>;
  /** Files by id in one query, null where missing or unreadable: the `_entities` batch. */
  findFiles(context: RequestContext, ids: readonly string[]): Promise<(FileRecord | null)[]>;
  /** Uploaded files of a bucket the caller may read, newest first. */
  listFiles(context: RequestContext, input: { bucket: string; first?: number | null; after?: string | null }): Promise<FileConnection>;
  /** Removes the row now and the bytes right after (queued in the same transaction). */
  deleteFile(context: RequestContext, id: string): Promise<true>;
  /** A signed URL on the gateway's origin that downloads the file until `expiresIn` seconds from now. */
  downloadUrl(context: RequestContext, file: FileRecord, expiresIn?: number | null): string;
}

export interface FileServiceOptions {
  db: Database;
  buckets: BucketService;
  signer: FileUrlSigner;
  /** The gateway's public origin. */
  publicUrl: string;
  maxFileSize: number;
  uploadUrlTtlSeconds: number;
  /** Removes queued bytes (see createDeletionQueue); called after a delete commits. */
  drainDeletions: () => void;
  afterOutboxCommit?: () => void;
  /** The plan's storage quota, checked before an upload URL is handed out. */
  quotas: FileQuotas;
}

const maxNameLength = 1024;
const maxDownloadSeconds = 7 * 24 * 3600;
// A media type with optional parameters; checked against the bucket's list by media type only.
const contentTypePattern = /^[A-Za-z0-9][\w!#$&^.+-]{0,126}\/[A-Za-z0-9][\w!#$&^.+-]{0,126}(\s*;[\x20-\x7e]{0,200})?$/;

export function createFileService(options: FileServiceOptions): FileService {
  const { db, buckets, signer, publicUrl, drainDeletions } = options;
  const afterOutboxCommit = options.afterOutboxCommit ?? (() => {});

  const selectFiles = (where: string, params: unknown[], tail = '') =>
    db.prisma.$queryRawUnsafe<FileRow[]>(`SELECT ${fileColumns} FROM files.files f JOIN files.buckets b ON b.id = f.bucket_id WHERE ${where} ${tail}`, ...params);

  return {
    async createUploadUrl(context, { bucket: bucketName, name, contentType, size }) {
      const project = requireProject(context);
      if (project.keyKind !== 'secret' && !context.user) throw Errors.unauthenticated('Sign in to upload files (send an access token), or use the secret key.');
      const bucket = await buckets.getBucket(context, bucketName);
      if (name.length === 0 || name.length > maxNameLength || /[\u0000-\u001f\u007f]/.test(name)) {
        throw Errors.badUserInput(`A file name is 1 to ${maxNameLength} characters without control characters.`, { field: 'name' });
      }
      if (!contentTypePattern.test(contentType)) throw Errors.badUserInput(`"${contentType.slice(0, 100)}" is not a media type such as "image/png".`, { field: 'contentType' });
      if (!acceptsContentType(bucket, contentType)) {
        throw Errors.badUserInput(`Bucket "${bucket.name}" takes ${bucket.allowedContentTypes.join(', ')}, not ${contentType.split(';', 1)[0]}.`, { field: 'contentType' });
      }
      const limit = Math.min(bucket.maxFileSize ?? options.maxFileSize, options.maxFileSize);
      if (!Number.isInteger(size) || size < 0) throw Errors.badUserInput('size is the exact number of bytes you will upload.', { field: 'size' });
      if (size > limit) {
        throw new FedbaseError({ code: 'PAYLOAD_TOO_LARGE', message: `Bucket "${bucket.name}" takes files up to ${limit} bytes; this one is ${size}.`, details: { limit } });
      }
      await options.quotas.checkStorage(project.id, size);
      const expiresAt = new Date(Date.now() + options.uploadUrlTtlSeconds * 1000);
      const id = randomUUID();
      await db.prisma.file.create({
        data: { id, projectId: project.id, bucketId: bucket.id, name, contentType, size, ownerId: context.user?.id ?? null, expiresAt },
      });
      const token = signer.sign({ operation: 'upload', fileId: id, projectId: project.id, expiresAt: Math.floor(expiresAt.getTime() / 1000) });
      const file: FileRecord = { id, projectId: project.id, bucket: bucket.name, bucketPublic: bucket.public, name, contentType, size, sha256: null, status: 'PENDING', ownerId: context.user?.id ?? null, createdAt: new Date() };
      return { url: `${publicUrl}/files/upload/${token}`, file, expiresAt };
    },

    async getFile(context, id) {
      const project = requireProject(context);
      if (!isUuid(id)) return null;
      const [row] = await selectFiles('f.id = $1::uuid AND f.project_id = $2::uuid', [id, project.id]);
      const file = row && toFileRecord(row);
      return file && canReadFile(context, file) ? file : null;
    },

    async findFiles(context, ids) {
      const project = requireProject(context);
      const valid = ids.filter(isUuid);
      if (!valid.length) return ids.map(() => null);
      const rows = await selectFiles('f.project_id = $1::uuid AND f.id = ANY($2::uuid[])', [project.id, valid]);
      const byId = new Map(rows.map(toFileRecord).filter((file) => canReadFile(context, file)).map((file) => [file.id, file]));
      return ids.map((id) => byId.get(id) ?? null);
    },

    async listFiles(context, { bucket: bucketName, first, after }) {
      const bucket = await buckets.getBucket(context, bucketName);
      const limit = first ?? 20;
      if (!Number.isInteger(limit) || limit < 0 || limit > 100) throw Errors.badUserInput('first is 0 to 100.', { field: 'first' });
      const params: unknown[] = [bucket.id];
      const conditions = [`f.bucket_id = $1::uuid`, `f.status = 'READY'`];
      // A private bucket shows each user their own files; the secret key sees all.
      if (!bucket.public && context.project?.keyKind !== 'secret') {
        if (!context.user) throw Errors.unauthenticated(`Bucket "${bucket.name}" is private: sign in to list your files.`);
        params.push(context.user.id);
        conditions.push(`f.owner_id = $${params.length}`);
      }
      const filter = conditions.join(' AND ');
      const countParams = [...params];
      if (after) {
        const cursor = decodeCursor(after);
        params.push(cursor.createdAt, cursor.id);
        conditions.push(`(f.created_at, f.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      const rows = await selectFiles(conditions.join(' AND '), params, `ORDER BY f.created_at DESC, f.id DESC LIMIT ${limit + 1}`);
      const edges = rows.slice(0, limit).map(toFileRecord).map((node) => ({ cursor: encodeTimeIdCursor(node), node }));
      return {
        edges,
        pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? after ?? null },
        totalCount: async () => {
          const [row] = await db.prisma.$queryRawUnsafe<{ count: number }[]>(`SELECT count(*)::int AS count FROM files.files f WHERE ${filter}`, ...countParams);
          return row?.count ?? 0;
        },
      };
    },

    async deleteFile(context, id) {
      const project = requireProject(context);
      const [row] = isUuid(id) ? await selectFiles('f.id = $1::uuid AND f.project_id = $2::uuid', [id, project.id]) : [];
      const file = row && toFileRecord(row);
      if (!file || !canReadFile(context, file)) throw Errors.notFound(`File ${id.slice(0, 80)}`);
      if (!canDeleteFile(context, file)) throw Errors.forbidden('Only the file\'s owner or the secret key may delete it.');
      await db.prisma.$transaction(async (tx) => {
        const deleted = await tx.file.deleteMany({ where: { id, projectId: project.id } });
        if (deleted.count === 0) return; // deleted meanwhile: the other delete queued the bytes
        await tx.pendingDeletion.upsert({ where: { storageKey: storageKey(file) }, create: { storageKey: storageKey(file) }, update: {} });
        if (file.status === 'READY') await writeOutbox(tx, 'files.file.deleted', file);
      });
      afterOutboxCommit();
      drainDeletions();
      return true;
    },

    downloadUrl(context, file, expiresIn) {
      if (file.status !== 'READY') throw Errors.badUserInput(`File ${file.id} has no bytes yet: PUT them to its upload URL first.`);
      const seconds = expiresIn ?? 3600;
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > maxDownloadSeconds) {
        throw Errors.badUserInput(`expiresIn is 1 to ${maxDownloadSeconds} seconds.`, { field: 'expiresIn' });
      }
      if (!canReadFile(context, file)) throw Errors.notFound(`File ${file.id}`);
      const token = signer.sign({ operation: 'download', fileId: file.id, projectId: file.projectId, expiresAt: Math.floor(Date.now() / 1000) + seconds });
      return `${publicUrl}/files/download/${token}`;
    },
  };
}

function decodeCursor(after: string) {
  const position = decodeTimeIdCursor(after);
  if (!position) throw Errors.badUserInput('`after` is not a cursor of this list: pass an endCursor or edge cursor you were given.', { field: 'after' });
  return position;
}
