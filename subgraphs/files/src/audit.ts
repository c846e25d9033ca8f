import type { AuditActor } from '@fedbase/context';
import type { Prisma } from '@fedbase/prisma';

export interface FilesAudit {
  projectId: string;
  /** Logged as `audit.files.<action>`. */
  action: 'bucket.created';
  actor: AuditActor;
  target: { type: string; id: string };
  /** What changed; never a secret. */
  details: Prisma.InputJsonObject;
}

/**
 * Writes the action to the outbox in the transaction of the change; the relay forwards it to the
 * events subgraph, which appends it to the project's audit chain.
 */
export async function writeAudit(tx: Prisma.TransactionClient, { projectId, action, actor, target, details }: FilesAudit): Promise<void> {
  await tx.filesOutbox.create({
    data: { projectId, topic: `audit.files.${action}`, aggregateId: target.id, payload: { actor: { ...actor }, target, details } },
  });
}
