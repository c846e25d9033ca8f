import type { AuditActor } from '@fedbase/context';
import type { Prisma } from '@fedbase/prisma';

/** Billing's privileged actions, logged as `audit.billing.<action>`. */
export type BillingAuditAction = 'plan.changed' | 'spend_alert.set';

export interface BillingAudit {
  projectId: string;
  action: BillingAuditAction;
  actor: AuditActor;
  details: Prisma.InputJsonObject;
}

/**
 * Writes the action to the outbox in the transaction of the change; the relay forwards it to the
 * events subgraph, which appends it to the project's audit chain. Billing's actions act on the
 * project's subscription, so the project is the target.
 */
export async function writeAudit(tx: Prisma.TransactionClient, { projectId, action, actor, details }: BillingAudit): Promise<void> {
  const target = { type: 'project', id: projectId };
  await tx.billingOutbox.create({
    data: { projectId, topic: `audit.billing.${action}`, aggregateId: projectId, payload: { actor: { ...actor }, target, details } },
  });
}
