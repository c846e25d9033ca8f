import type { AuditActor } from '@fedbase/context';
import type { Prisma } from '@fedbase/prisma';

/** Identity's privileged actions, logged as `audit.identity.<action>`. */
export type IdentityAuditAction = 'project.created' | 'api_key.created' | 'api_key.revoked' | 'signing_key.rotated' | 'user.roles_changed';

export interface IdentityAudit {
  projectId: string;
  action: IdentityAuditAction;
  actor: AuditActor;
  target: { type: string; id: string };
  /** What changed; never a key, a secret or a hash of one. */
  details: Prisma.InputJsonObject;
}

/**
 * Writes the action to the outbox in the transaction of the change, so it is in the audit log
 * exactly when the change happened: the relay forwards it to the events subgraph, which appends it
 * to the project's hash chain.
 */
export async function writeAudit(tx: Prisma.TransactionClient, { projectId, action, actor, target, details }: IdentityAudit): Promise<void> {
  await tx.identityOutbox.create({
    data: { projectId, topic: `audit.identity.${action}`, aggregateId: target.id, payload: { actor: { ...actor }, target, details } },
  });
}
