import type { Prisma } from '@fedbase/prisma';

/** The data subgraph's change events (`documentChanged` and webhooks are fed from them). */
export type DataTopic = 'data.document.created' | 'data.document.updated' | 'data.document.deleted';

/**
 * Records an event in the same transaction as the change it describes, so the event exists
 * exactly when the change does; the relay (events issue) publishes it later.
 */
export async function writeOutbox(
  tx: Prisma.TransactionClient,
  event: { projectId: string; topic: DataTopic; aggregateId: string; payload: Prisma.InputJsonObject },
): Promise<void> {
  await tx.dataOutbox.create({ data: event });
}
