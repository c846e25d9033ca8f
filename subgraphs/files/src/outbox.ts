import type { Prisma } from '@fedbase/prisma';
import type { FileRecord } from './files/file-record.ts';

/** The files subgraph's change events (webhooks and billing hear of stored bytes through them). */
export type FilesTopic = 'files.file.created' | 'files.file.deleted';

/** Records the event in the transaction of the change; the relay sends it after the commit. */
export async function writeOutbox(tx: Prisma.TransactionClient, topic: FilesTopic, file: FileRecord): Promise<void> {
  const { id, bucket, name, contentType, size, sha256, ownerId } = file;
  await tx.filesOutbox.create({
    data: { projectId: file.projectId, topic, aggregateId: id, payload: { id, bucket, name, contentType, size, sha256, ownerId } },
  });
}
