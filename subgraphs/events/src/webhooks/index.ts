export { assertValidTopicPatterns, matchesTopicPattern } from './topic-patterns.ts';
export { assertDeliverableUrl, createGuardedLookup, type DestinationGuardOptions } from './destination-guard.ts';
export { retryDelayMs } from './retry-delay.ts';
export { sendWebhook, type SendWebhookInput, type SendWebhookResult } from './send-webhook.ts';
export type { DeliveryRecord, WebhookRecord } from './webhook-records.ts';
export {
  createWebhookService,
  type CreateWebhookInput,
  type ListDeliveriesInput,
  type UpdateWebhookInput,
  type WebhookService,
  type WebhookServiceOptions,
} from './webhook-service.ts';
export { enqueueDeliveries } from './enqueue-deliveries.ts';
export { createDeliveryWorker, type DeliveryOutcome, type DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker.ts';
export { attemptOutcomes, type AttemptOutcome } from './attempt-outcomes.ts';
export { createWebhookMetrics, type WebhookMetrics } from './create-webhook-metrics.ts';
export { deliveryAttemptRetentionMs, pruneDeliveryAttempts, type PruneDeliveryAttemptsOptions } from './prune-delivery-attempts.ts';
export { readWebhookOutcomes, webhookOutcomeWindows, type WebhookOutcomes, type WebhookOutcomeWindow } from './read-webhook-outcomes.ts';
