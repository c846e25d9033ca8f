import { createLimitsCache } from '@fedbase/plan-limits';
import { runSubgraph } from '@fedbase/subgraph-server';
import { parseEventsConfig } from './events-config.ts';
import { createEventsRoutes } from './http.ts';
import { createEventsResolvers } from './resolvers.ts';
import { createEventsService } from './service.ts';
import { createWebhookMetrics } from './webhooks/create-webhook-metrics.ts';
import { readDeliveryUsage } from './webhooks/read-delivery-usage.ts';
import { readWebhookOutcomes } from './webhooks/read-webhook-outcomes.ts';

const webhookMetrics = createWebhookMetrics();
const server = await runSubgraph({
  name: 'events',
  // The log's own outbox feeds `eventPublished`; it is the log, so nothing is forwarded.
  outbox: { forwardToEventLog: false },
  createSubgraph: ({ db, bus, logger, env, outbox }) => {
    const config = parseEventsConfig(env);
    const limits = createLimitsCache({ billingUrl: config.billingUrl, adminSecret: config.adminSecret, logger, ttlMs: config.limitsTtlMs });
    const service = createEventsService({ db, bus, config, logger, afterOutboxCommit: outbox.kick, limits, webhookMetrics });
    service.worker.start();
    return {
      resolvers: createEventsResolvers(service),
      routes: createEventsRoutes({
        eventLog: service.eventLog,
        usage: (projectId, period) => readDeliveryUsage(db, projectId, period),
        webhookOutcomes: () => readWebhookOutcomes(db),
        adminSecret: config.adminSecret,
      }),
      close: () => service.worker.close(),
    };
  },
});
// The server's registry, which `/metrics` renders, exists only once runSubgraph has built the
// parts; the worker counted from its start and its metrics show from here on.
webhookMetrics.registerIn(server.metrics.registry);
