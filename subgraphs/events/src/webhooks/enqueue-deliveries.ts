import type { Prisma } from '@fedbase/prisma';
import { matchesTopicPattern } from './topic-patterns.ts';

/**
 * Queues one PENDING delivery of a just-logged event to each enabled webhook of its project that
 * listens to its topic, in the caller's transaction: the deliveries exist exactly when the event
 * does. Idempotent per (webhook, event). Returns how many deliveries were queued.
 */
export async function enqueueDeliveries(tx: Prisma.TransactionClient, event: { id: string; projectId: string; topic: string }): Promise<number> {
  const webhooks = await tx.webhook.findMany({ where: { projectId: event.projectId, enabled: true }, select: { id: true, topics: true } });
  const listening = webhooks.filter((webhook) => webhook.topics.some((pattern) => matchesTopicPattern(pattern, event.topic)));
  if (listening.length === 0) return 0;
  const { count } = await tx.delivery.createMany({
    data: listening.map((webhook) => ({ projectId: event.projectId, webhookId: webhook.id, eventId: event.id })),
    skipDuplicates: true,
  });
  return count;
}
