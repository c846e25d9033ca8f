import type { AuditActor } from '@fedbase/context';
import type { Prisma } from '@fedbase/prisma';

export interface DataAudit {
  projectId: string;
  /** Logged as `audit.data.<action>`. */
  action: 'collection.created';
  actor: AuditActor;
  target: { type: string; id: string };
  /** What changed; never a secret. */
  details: Prisma.InputJsonObject;
}

/**
 * Writes the action to the outbox in the transaction of the change; the relay forwards it to the
 * events subgraph, which appends it to the project's audit chain.
 */
export async function writeAudit(tx: Prisma.TransactionClient, { projectId, action, actor, target, details }: DataAudit): Promise<void> {
  await tx.dataOutbox.create({
    data: { projectId, topic: `audit.data.${action}`, aggregateId: target.id, payload: { actor: { ...actor }, target, details } },
  });
}
