import type { Database } from '@fedbase/db';
import { hardLimit, type LimitsCache } from '@fedbase/plan-limits';
import type { ClaimedDelivery } from './claim-due-deliveries.ts';
import { readDeliveryUsage } from './read-delivery-usage.ts';

/**
 * The plan's monthly webhook deliveries, checked before each attempt: past them the delivery is
 * not sent but goes DEAD with a message saying so, replayable (`replayDeadLetters`) after an
 * upgrade. Plans that price overage never refuse; without known limits nothing is refused.
 */
export function createDeliveryQuota(db: Database, limits: LimitsCache | undefined) {
  return async (delivery: ClaimedDelivery): Promise<string | undefined> => {
    const known = await limits?.get(delivery.projectId);
    const included = known && hardLimit(known.plan.allowances.webhookDeliveries);
    if (included === undefined) return undefined;
    const { webhookDeliveries } = await readDeliveryUsage(db, delivery.projectId, new Date().toISOString().slice(0, 7));
    if (webhookDeliveries < included) return undefined;
    return `QUOTA_EXCEEDED: the project's plan allows ${included} webhook deliveries a month and they are used; move to a larger plan, then replay dead letters`;
  };
}
