import { latencyBuckets } from '@fedbase/telemetry';
import { Counter, Histogram, type Registry } from 'prom-client';
import { attemptOutcomes, type AttemptOutcome } from './attempt-outcomes.ts';

/** The delivery worker's Prometheus metrics. */
export interface WebhookMetrics {
  /** Counts one recorded attempt; `durationMs` is its request's, null when nothing was sent. */
  observe(outcome: AttemptOutcome, durationMs: number | null): void;
  /** Adds the metrics to a registry (the subgraph server's, which `/metrics` renders); several are fine. */
  registerIn(registry: Registry): void;
}

/**
 * `fedbase_webhook_delivery_attempts_total{outcome}` and
 * `fedbase_webhook_delivery_duration_seconds{outcome}`. Created outside any registry: the subgraph
 * server makes its registry only after the worker exists, so the metrics count from the start and
 * show once registered.
 */
export function createWebhookMetrics(): WebhookMetrics {
  const attempts = new Counter({
    name: 'fedbase_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts recorded, by outcome: succeeded, failed (retried later) or dead (no attempts left, disabled or over quota).',
    labelNames: ['outcome'] as const,
    registers: [],
  });
  const duration = new Histogram({
    name: 'fedbase_webhook_delivery_duration_seconds',
    help: 'Webhook delivery requests, connection to response, by outcome; attempts refused before sending are not observed.',
    labelNames: ['outcome'] as const,
    buckets: latencyBuckets,
    registers: [],
  });
  // Every outcome exists at zero from the start, so rates and ratios are defined before the first dead letter.
  for (const outcome of attemptOutcomes) {
    attempts.inc({ outcome }, 0);
    duration.zero({ outcome });
  }
  return {
    observe(outcome, durationMs) {
      attempts.inc({ outcome });
      if (durationMs !== null) duration.observe({ outcome }, durationMs / 1000);
    },
    registerIn(registry) {
      registry.registerMetric(attempts);
      registry.registerMetric(duration);
    },
  };
}
