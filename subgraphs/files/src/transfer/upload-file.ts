import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import type { Database } from '@fedbase/db';
import { discardRequestBody, sendJson } from '@fedbase/http';
import type { Logger } from '@fedbase/telemetry';
import { fileColumns, storageKey, toFileRecord, type FileRow } from '../files/file-record.ts';
import { writeOutbox } from '../outbox.ts';
import { ObjectTooLargeError, type ObjectStore } from '../storage/index.ts';
import type { FileUrlSigner } from '../urls/file-url-signer.ts';
import { refuseToken } from './refuse-token.ts';

export interface UploadHandlerOptions {
  db: Database;
  store: ObjectStore;
  signer: FileUrlSigner;
  logger: Logger;
  afterOutboxCommit?: () => void;
}

// An upload that died without releasing its claim (a crashed process) frees the ticket after this.
const staleClaimSeconds = 15 * 60;

/**
 * `PUT /files/upload/:token`: streams the body into storage, hashing it on the way, and makes the
 * file READY only when exactly the declared bytes arrived. The ticket is claimed first with a
 * conditional update, so two PUTs with one ticket cannot both write; a failed upload releases it
 * (the client may retry until the ticket expires), a successful one spends it for good.
 */
export function createUploadHandler({ db, store, signer, logger, afterOutboxCommit = () => {} }: UploadHandlerOptions) {
  return async (req: IncomingMessage, res: ServerResponse, token: string): Promise<void> => {
    const check = signer.verify(token, 'upload');
    if (!check.ok) return refuseToken(req, res, check.reason);
    const { fileId, projectId } = check.grant;
    const [claimed] = await db.prisma.$queryRawUnsafe<(FileRow & { max_size: number })[]>(
      `UPDATE files.files AS f SET upload_claimed_at = now()
       FROM files.buckets b
       WHERE f.id = $1::uuid AND f.project_id = $2::uuid AND b.id = f.bucket_id AND f.status = 'PENDING'
         AND (f.upload_claimed_at IS NULL OR f.upload_claimed_at < now() - interval '${staleClaimSeconds} seconds')
       RETURNING ${fileColumns}`,
      fileId,
      projectId,
    );
    if (!claimed) {
      req.resume();
      return sendJson(res, 403, { error: 'This upload URL was used already (or is being used): ask for a new one with createUploadUrl.' });
    }
    const file = toFileRecord(claimed);
    const release = () => db.prisma.file.updateMany({ where: { id: file.id, status: 'PENDING' }, data: { uploadClaimedAt: null } });
    // The store reads a pass-through, not the request: a failed write destroys what it reads, and
    // destroying the request would take the socket, and the 413 with it.
    const body = new PassThrough();
    const refuse = async (status: number, error: string) => {
      await release();
      req.unpipe(body);
      body.destroy();
      // Answer at once; what the client still sends is read and dropped (bounded), because closing
      // with unread bytes resets the connection and can take the answer with it.
      discardRequestBody(req);
      sendJson(res, status, { error });
    };

    const sentType = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (sentType !== file.contentType.split(';', 1)[0]!.trim().toLowerCase()) {
      return refuse(415, `Send the bytes with Content-Type: ${file.contentType}, as declared in createUploadUrl.`);
    }
    const declaredLength = Number(req.headers['content-length']);
    if (req.headers['content-length'] !== undefined && declaredLength > file.size) {
      return refuse(413, `This upload is ${file.size} bytes as declared; the request says ${declaredLength}.`);
    }

    const key = storageKey(file);
    let written: { size: number; sha256: string };
    req.pipe(body);
    let clientGone = false;
    req.once('aborted', () => {
      clientGone = true;
      body.destroy(new Error('the client went away mid-upload'));
    });
    try {
      written = await store.write(key, body, { contentType: file.contentType, maxBytes: file.size });
    } catch (error) {
      if (error instanceof ObjectTooLargeError) return refuse(413, `More bytes than the ${file.size} declared: nothing was kept. Ask for a new URL with the right size.`);
      if (req.readableAborted || clientGone) return refuse(400, 'The upload did not complete: nothing was kept. Send it again.');
      logger.error({ err: error, fileId: file.id }, 'storing an upload failed');
      return refuse(503, 'File storage is not available right now: nothing was kept. Retry in a moment.');
    }
    if (written.size !== file.size) {
      await store.delete(key);
      return refuse(400, `Received ${written.size} bytes, ${file.size} were declared: nothing was kept. Send the whole file.`);
    }
    try {
      await db.prisma.$transaction(async (tx) => {
        await tx.file.update({ where: { id: file.id }, data: { status: 'READY', sha256: written.sha256, uploadClaimedAt: null, expiresAt: null } });
        await writeOutbox(tx, 'files.file.created', { ...file, status: 'READY', sha256: written.sha256 });
      });
    } catch (error) {
      await store.delete(key).catch(() => undefined);
      throw error;
    }
    afterOutboxCommit();
    sendJson(res, 201, { id: file.id, size: written.size, sha256: written.sha256 });
  };
}
