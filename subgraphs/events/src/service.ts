import type { Database } from '@fedbase/db';
import type { EventBus } from '@fedbase/event-bus';
import type { LimitsCache } from '@fedbase/plan-limits';
import { createSecretBox } from '@fedbase/secret-box';
import type { Logger } from '@fedbase/telemetry';
import { createAuditLog } from './audit-log/index.ts';
import type { EventsConfig } from './events-config.ts';
import { createEventLog, type EventLog } from './event-log/event-log.ts';
import { createDeliveryQuota } from './webhooks/create-delivery-quota.ts';
import { createDeliveryWorker, createWebhookService, type WebhookMetrics } from './webhooks/index.ts';

export interface EventsServiceOptions {
  db: Database;
  bus: EventBus;
  config: EventsConfig;
  logger?: Logger;
  /** Called after a commit that wrote outbox rows (the relay's kick). */
  afterOutboxCommit?: () => void;
  /** The project's plan limits (webhook deliveries), from billing; none enforced when undefined. */
  limits?: LimitsCache | undefined;
  /** The delivery worker's Prometheus metrics (`createWebhookMetrics`); none when undefined. */
  webhookMetrics?: WebhookMetrics | undefined;
}

/** Wires the events subgraph: the log, webhooks and the delivery worker that drains the queue. */
export function createEventsService({ db, bus, config, logger, afterOutboxCommit = () => {}, limits, webhookMetrics }: EventsServiceOptions) {
  const secretBox = createSecretBox(config.encryptionSecret, 'webhook-secrets');
  const worker = createDeliveryWorker({
    db,
    secretBox,
    backoffMs: config.webhookBackoffMs,
    maxAttempts: config.webhookMaxAttempts,
    timeoutMs: config.webhookTimeoutMs,
    allowPrivateNetworks: config.allowPrivateNetworks,
    refuse: createDeliveryQuota(db, limits),
    logger,
    metrics: webhookMetrics,
  });
  const afterCommit = () => {
    afterOutboxCommit();
    worker.kick(); // the new event's deliveries are due now
  };
  const eventLog: EventLog = createEventLog({ db, bus, afterCommit });
  // Webhook changes log their own audit events, so they kick the relay and the worker too.
  const webhooks = createWebhookService({ db, secretBox, allowPrivateNetworks: config.allowPrivateNetworks, afterCommit });
  const auditLog = createAuditLog(db);
  const redeliver: typeof webhooks.redeliver = async (...args) => {
    const delivery = await webhooks.redeliver(...args);
    worker.kick();
    return delivery;
  };
  const replayDeadLetters: typeof webhooks.replayDeadLetters = async (...args) => {
    const count = await webhooks.replayDeadLetters(...args);
    worker.kick();
    return count;
  };
  return { eventLog, auditLog, webhooks: { ...webhooks, redeliver, replayDeadLetters }, worker };
}

export type EventsService = ReturnType<typeof createEventsService>;
