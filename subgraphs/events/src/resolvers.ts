import { requireProject, type RequestContext } from '@fedbase/context';
import type { SubgraphResolvers } from '@fedbase/subgraph-server';
import DataLoader from 'dataloader';
import type { ListAuditInput } from './audit-log/index.ts';
import type { EventConnection, ListEventsInput, PublishInput } from './event-log/event-log.ts';
import type { EventRecord } from './event-log/event-record.ts';
import type { EventsService } from './service.ts';

type DeliveryStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'DEAD';

/** Thin: read the verified caller, call a service, shape the result. */
export function createEventsResolvers(service: EventsService): SubgraphResolvers {
  const { eventLog, auditLog, webhooks } = service;
  // One loader per request: the events of a page of deliveries, or of `_entities`, in one query.
  const loaders = new WeakMap<RequestContext, DataLoader<string, EventRecord | null>>();
  const eventLoader = (context: RequestContext) => {
    let loader = loaders.get(context);
    if (!loader) {
      const projectId = requireProject(context).id;
      loader = new DataLoader((ids: readonly string[]) => eventLog.findEvents(projectId, ids), { maxBatchSize: 500 });
      loaders.set(context, loader);
    }
    return loader;
  };

  return {
    Query: {
      events: (_: unknown, args: ListEventsInput, context: RequestContext) => eventLog.listEvents(context, args),
      webhooks: (_: unknown, __: unknown, context: RequestContext) => webhooks.listWebhooks(context),
      deliveries: (_: unknown, args: { webhookId: string; status?: DeliveryStatus | null; first?: number | null }, context: RequestContext) =>
        webhooks.listDeliveries(context, args.webhookId, { status: args.status ?? undefined, first: args.first ?? undefined }),
      auditLog: (_: unknown, args: ListAuditInput, context: RequestContext) => auditLog.listAuditEntries(context, args),
      verifyAuditLog: (_: unknown, __: unknown, context: RequestContext) => auditLog.verifyAuditLog(context),
    },
    Mutation: {
      publish: (_: unknown, args: PublishInput, context: RequestContext) => eventLog.publish(context, args),
      createWebhook: (_: unknown, args: { url: string; topics: string[]; description?: string | null }, context: RequestContext) =>
        webhooks.createWebhook(context, { url: args.url, topics: args.topics, description: args.description ?? null }),
      updateWebhook: (_: unknown, args: { id: string; enabled?: boolean | null; topics?: string[] | null }, context: RequestContext) =>
        webhooks.updateWebhook(context, args.id, { enabled: args.enabled ?? undefined, topics: args.topics ?? undefined }),
      redeliver: (_: unknown, args: { deliveryId: string }, context: RequestContext) => webhooks.redeliver(context, args.deliveryId),
      replayDeadLetters: (_: unknown, args: { webhookId: string }, context: RequestContext) => webhooks.replayDeadLetters(context, args.webhookId),
    },
    Subscription: {
      eventPublished: {
        subscribe: (_: unknown, args: { topic: string }, context: RequestContext) => eventLog.watchEvents(context, args.topic),
        resolve: (event: EventRecord) => event,
      },
    },
    EventConnection: {
      totalCount: (connection: EventConnection) => connection.totalCount(),
    },
    Event: {
      __resolveReference: (reference: { id: string }, context: RequestContext) => eventLoader(context).load(reference.id),
    },
    Delivery: {
      event: (delivery: { eventId: string }, _: unknown, context: RequestContext) => eventLoader(context).load(delivery.eventId),
    },
  };
}
