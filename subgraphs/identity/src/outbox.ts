import type { Prisma } from '@fedbase/prisma';

/** Identity's change events (the events subgraph relays them to webhooks and subscribers). */
export type IdentityTopic = 'identity.user.created' | 'identity.session.revoked';

/**
 * Records an event in the same transaction as the change it describes, so the event exists
 * exactly when the change does; the relay (events issue) publishes it later.
 */
export async function writeOutbox(
  tx: Prisma.TransactionClient,
  event: { projectId: string; topic: IdentityTopic; aggregateId: string; payload: Prisma.InputJsonObject },
): Promise<void> {
  await tx.identityOutbox.create({ data: event });
}
