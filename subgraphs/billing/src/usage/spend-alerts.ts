import type { Prisma } from '@fedbase/prisma';
import { metrics, type Plan } from '../plans.ts';
import type { Usage } from './usage.ts';

/** The payload of `billing.alert`, as webhooks receive it. */
export interface SpendAlertPayload {
  period: string;
  metric: string;
  percentOfQuota: number;
  used: number;
  included: number;
  plan: string;
}

/**
 * Records an alert for every metric whose usage reached `percent` of what the plan includes and
 * writes `billing.alert` to the outbox in the same transaction. The (project, month, metric) key
 * makes it once per month whichever instance or check sees the crossing first. Returns how many
 * alerts were written.
 */
export async function writeSpendAlerts(tx: Prisma.TransactionClient, projectId: string, percent: number, plan: Plan, usage: Usage): Promise<number> {
  let written = 0;
  for (const metric of metrics) {
    const { included } = plan.allowances[metric];
    if (included === null || included === 0 || usage[metric] * 100 < percent * included) continue;
    const inserted = await tx.$executeRaw`
      INSERT INTO billing.spend_alerts (project_id, period, metric, percent) VALUES (${projectId}::uuid, ${usage.period}, ${metric}, ${percent})
      ON CONFLICT DO NOTHING`;
    if (inserted === 0) continue;
    const payload: SpendAlertPayload = { period: usage.period, metric, percentOfQuota: percent, used: usage[metric], included, plan: plan.id };
    await tx.billingOutbox.create({ data: { projectId, topic: 'billing.alert', aggregateId: `${usage.period}:${metric}`, payload: { ...payload } } });
    written += 1;
  }
  return written;
}
