import type { Database } from '@fedbase/db';
import type { Prisma } from '@fedbase/prisma';
import { enqueueDeliveries } from '../../src/webhooks/index.ts';

/** Logs an event and queues its deliveries in one transaction, as the event log does. */
export async function logTestEvent(db: Database, projectId: string, topic: string, payload: Prisma.InputJsonValue = { n: 1 }) {
  return db.prisma.$transaction(async (tx) => {
    const event = await tx.event.create({ data: { projectId, topic, payload } });
    const queued = await enqueueDeliveries(tx, event);
    return { event, queued };
  });
}
