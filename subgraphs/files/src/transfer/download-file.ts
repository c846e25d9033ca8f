import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import contentDisposition from 'content-disposition';
import type { Database } from '@fedbase/db';
import { FedbaseError } from '@fedbase/errors';
import { sendJson } from '@fedbase/http';
import type { Logger } from '@fedbase/telemetry';
import { fileColumns, storageKey, toFileRecord, type FileRow } from '../files/file-record.ts';
import type { FileQuotas } from '../files/create-file-quotas.ts';
import type { ObjectStore } from '../storage/index.ts';
import type { FileUrlSigner } from '../urls/file-url-signer.ts';
import { parseRange } from './parse-range.ts';
import { refuseToken } from './refuse-token.ts';

export interface DownloadHandlerOptions {
  db: Database;
  store: ObjectStore;
  signer: FileUrlSigner;
  logger: Logger;
  quotas: FileQuotas;
}

/**
 * `GET|HEAD /files/download/:token[?download]`: streams the bytes with the stored content type,
 * `Content-Length`, an `ETag` (the SHA-256), single byte ranges (206, 416) and a
 * `Content-Disposition` that is safe for any name (`attachment` with `?download`, else `inline`).
 * Files are served from the API's origin, so the browser is told not to sniff, run or frame them.
 * The bytes sent count as the project's egress.
 */
export function createDownloadHandler({ db, store, signer, logger, quotas }: DownloadHandlerOptions) {
  return async (req: IncomingMessage, res: ServerResponse, token: string, query: URLSearchParams): Promise<void> => {
    const check = signer.verify(token, 'download');
    if (!check.ok) return refuseToken(req, res, check.reason);
    const [row] = await db.prisma.$queryRawUnsafe<FileRow[]>(
      `SELECT ${fileColumns} FROM files.files f JOIN files.buckets b ON b.id = f.bucket_id WHERE f.id = $1::uuid AND f.project_id = $2::uuid AND f.status = 'READY'`,
      check.grant.fileId,
      check.grant.projectId,
    );
    if (!row) return sendJson(res, 404, { error: 'This file was deleted.' });
    try {
      await quotas.checkEgress(check.grant.projectId);
    } catch (error) {
      if (!(error instanceof FedbaseError)) throw error;
      return sendJson(res, error.status, { error: error.message, code: error.code });
    }
    const file = toFileRecord(row);
    const etag = `"${file.sha256}"`;
    const headers: Record<string, string> = {
      'content-type': file.contentType,
      etag,
      'accept-ranges': 'bytes',
      // `filename*` carries the real name (UTF-8, percent-encoded); `filename` an ASCII stand-in, as
      // header values must be, for clients that know only that one.
      'content-disposition': contentDisposition(file.name, { type: query.has('download') ? 'attachment' : 'inline', fallback: file.name.replace(/[^\x20-\x7e]/g, '?') }),
      'cache-control': 'private, max-age=60',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const range = parseRange(req.headers.range, file.size);
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${file.size}` }).end();
      return;
    }
    const length = range ? range.end - range.start + 1 : file.size;
    const status = range ? 206 : 200;
    if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${file.size}`;
    headers['content-length'] = String(length);
    if (req.method === 'HEAD' || length === 0) {
      res.writeHead(status, headers).end();
      return;
    }
    const body = await store.read(storageKey(file), range ?? undefined);
    res.writeHead(status, headers);
    let sent = 0;
    body.on('data', (chunk: Buffer) => (sent += chunk.length));
    try {
      await pipeline(body, res);
    } catch (error) {
      logger.debug?.({ err: error, fileId: file.id }, 'a download ended early');
    } finally {
      if (sent > 0) await recordEgress(db, file.projectId, sent).catch((error: unknown) => logger.warn({ err: error }, 'recording egress failed'));
    }
  };
}

async function recordEgress(db: Database, projectId: string, bytes: number): Promise<void> {
  const period = new Date().toISOString().slice(0, 7);
  await db.query(
    `INSERT INTO files.egress (project_id, period, bytes) VALUES ($1::uuid, $2, $3)
     ON CONFLICT (project_id, period) DO UPDATE SET bytes = files.egress.bytes + EXCLUDED.bytes`,
    [projectId, period, bytes],
  );
}
