import type { Prisma } from '@fedbase/prisma';

import type { DocumentRecord } from './documents/document-record.ts';

/** The data subgraph's change events (`documentChanged` and webhooks are fed from them). */
export type DataTopic = 'data.document.created' | 'data.document.updated' | 'data.document.deleted';

/**
 * What a change event carries: the document as the change left it (as it was, for a delete), so
 * subscribers and webhook receivers need no read-back, and the rules can be applied per event.
 */
export interface DocumentChangePayload {
  collection: string;
  id: string;
  version: number;
  document: { id: string; data: Record<string, unknown>; version: number; ownerId: string | null; createdAt: string; updatedAt: string };
}

export function documentChangePayload(document: DocumentRecord): DocumentChangePayload {
  const { id, collection, data, version, ownerId, createdAt, updatedAt } = document;
  return { collection, id, version, document: { id, data, version, ownerId, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() } };
}

/**
 * Records an event in the same transaction as the change it describes, so the event exists
 * exactly when the change does; the relay publishes it after the commit (kick it then).
 */
export async function writeOutbox(
  tx: Prisma.TransactionClient,
  event: { projectId: string; topic: DataTopic; document: DocumentRecord },
): Promise<void> {
  const { projectId, topic, document } = event;
  await tx.dataOutbox.create({ data: { projectId, topic, aggregateId: document.id, payload: documentChangePayload(document) as unknown as Prisma.InputJsonObject } });
}
