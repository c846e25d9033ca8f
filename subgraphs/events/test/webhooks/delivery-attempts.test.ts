import { randomUUID } from 'node:crypto';
import type { Database } from '@fedbase/db';
import type { CachedLimits, LimitsCache } from '@fedbase/plan-limits';
import { createSecretBox } from '@fedbase/secret-box';
import { createServiceMetrics } from '@fedbase/telemetry';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryQuota } from '../../src/webhooks/create-delivery-quota.ts';
import {
  createDeliveryWorker,
  createWebhookMetrics,
  createWebhookService,
  type DeliveryWorker,
  type DeliveryWorkerOptions,
  type WebhookService,
} from '../../src/webhooks/index.ts';
import { caller, engines, type OpenEngine } from '../events-engines.ts';
import { logTestEvent } from './log-test-event.ts';
import { startReceiver, type Respond } from './start-receiver.ts';

const secretBox = createSecretBox('test-encryption-secret-that-is-long-enough', 'webhook-secrets');

/** A plan that includes `included` webhook deliveries a month and refuses past them. */
function limitsAllowing(included: number): LimitsCache {
  const limits: CachedLimits = {
    plan: {
      id: 'tiny',
      requestsPerSecond: 10,
      allowances: { requests: { included: null }, storageBytes: { included: null }, egressBytes: { included: null }, webhookDeliveries: { included } },
    },
    period: new Date().toISOString().slice(0, 7),
    requests: 0,
    mark: 0,
  };
  return { get: async () => limits, invalidate: () => {} };
}

/** The value of a sample in Prometheus text with these labels among its own (in whatever order they come). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const [, sampleName, rendered = '', value] of text.matchAll(/^(\w+)\{([^}]*)\} (\S+)$/gm)) {
    const own = new Set(rendered.split(','));
    if (sampleName === name && Object.entries(labels).every(([label, wanted]) => own.has(`${label}="${wanted}"`))) return Number(value);
  }
  return undefined;
}

describe.each(engines)('the delivery attempt log on $name', (engine) => {
  let opened: OpenEngine;
  let db: Database;
  let webhooks: WebhookService;
  const projectId = randomUUID();
  const disposers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    opened = await engine.open();
    db = opened.db;
    webhooks = createWebhookService({ db, secretBox, allowPrivateNetworks: true });
  });

  afterEach(async () => {
    for (const close of disposers.splice(0).reverse()) await close();
    await db.query('DELETE FROM events.webhooks');
  });

  afterAll(async () => {
    await opened?.dispose();
  });

  const worker = (options: Partial<DeliveryWorkerOptions> = {}): DeliveryWorker => {
    const created = createDeliveryWorker({ db, secretBox, backoffMs: 1, maxAttempts: 5, timeoutMs: 2_000, allowPrivateNetworks: true, ...options });
    disposers.push(() => created.close());
    return created;
  };

  /** A receiver on 127.0.0.1:0, a webhook pointing at it, and one event of `topic` queued for it alone. */
  const deliverTo = async (respond?: Respond, topic = 'orders.created') => {
    const receiver = await startReceiver(respond);
    disposers.push(receiver.close);
    const { webhook } = await webhooks.createWebhook(caller(projectId), { url: receiver.url, topics: [topic] });
    const { event } = await logTestEvent(db, projectId, topic);
    const delivery = await db.prisma.delivery.findUniqueOrThrow({ where: { webhookId_eventId: { webhookId: webhook.id, eventId: event.id } } });
    return { receiver, webhook, delivery };
  };

  /** Runs passes until the delivery is SUCCEEDED or DEAD (retries are due within a millisecond here). */
  const settle = async (runner: DeliveryWorker, id: string) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      await runner.runOnce();
      const { status } = await db.prisma.delivery.findUniqueOrThrow({ where: { id } });
      if (status === 'SUCCEEDED' || status === 'DEAD') return status;
      if (Date.now() > deadline) throw new Error(`delivery still ${status} after 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  const attemptsOf = (deliveryId: string) =>
    db.prisma.deliveryAttempt.findMany({
      where: { deliveryId },
      orderBy: { attemptedAt: 'asc' },
      select: { outcome: true, statusCode: true, error: true, durationMs: true, projectId: true, webhookId: true },
    });

  it('logs a FAILED attempt for a receiver answering 500, then a SUCCEEDED one when it answers 200', async () => {
    const { webhook, delivery } = await deliverTo((_, index) => (index === 0 ? 500 : 200));
    expect(await settle(worker(), delivery.id)).toBe('SUCCEEDED');
    expect(await attemptsOf(delivery.id)).toEqual([
      { outcome: 'FAILED', statusCode: 500, error: 'the receiver answered 500: answer 500', durationMs: expect.any(Number), projectId, webhookId: webhook.id },
      { outcome: 'SUCCEEDED', statusCode: 200, error: null, durationMs: expect.any(Number), projectId, webhookId: webhook.id },
    ]);
  });

  it('logs every failed attempt and the last one as DEAD, and starts a new series when the dead letter is replayed', async () => {
    const { receiver, webhook, delivery } = await deliverTo(() => 500);
    const runner = worker({ maxAttempts: 3 });
    expect(await settle(runner, delivery.id)).toBe('DEAD');
    expect((await attemptsOf(delivery.id)).map((attempt) => [attempt.outcome, attempt.statusCode])).toEqual([
      ['FAILED', 500],
      ['FAILED', 500],
      ['DEAD', 500],
    ]);

    receiver.respondWith(() => 200);
    await webhooks.replayDeadLetters(caller(projectId), webhook.id);
    expect(await settle(runner, delivery.id)).toBe('SUCCEEDED');
    expect((await attemptsOf(delivery.id)).map((attempt) => attempt.outcome)).toEqual(['FAILED', 'FAILED', 'DEAD', 'SUCCEEDED']);
  });

  it('logs a quota refusal as DEAD with the QUOTA_EXCEEDED error and no request or duration', async () => {
    const { receiver, delivery } = await deliverTo();
    expect(await settle(worker({ refuse: createDeliveryQuota(db, limitsAllowing(0)) }), delivery.id)).toBe('DEAD');
    expect(receiver.requests).toHaveLength(0);
    const [attempt, ...more] = await attemptsOf(delivery.id);
    expect(more).toEqual([]);
    expect(attempt).toMatchObject({ outcome: 'DEAD', statusCode: null, durationMs: null, error: expect.stringMatching(/^QUOTA_EXCEEDED: the project's plan allows 0 webhook deliveries/) });
    expect((await db.prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).lastError).toBe(attempt?.error);
  });

  it('counts attempts by outcome and times sent requests in the metrics text', async () => {
    const metrics = createServiceMetrics('events');
    const webhookMetrics = createWebhookMetrics();
    webhookMetrics.registerIn(metrics.registry);
    const before = await metrics.render();
    for (const outcome of ['succeeded', 'failed', 'dead']) {
      expect(sample(before, 'fedbase_webhook_delivery_attempts_total', { outcome, service: 'events' })).toBe(0);
    }

    const { delivery } = await deliverTo((_, index) => (index === 0 ? 500 : 200));
    const runner = worker({ metrics: webhookMetrics, maxAttempts: 2 });
    expect(await settle(runner, delivery.id)).toBe('SUCCEEDED');
    const refused = await deliverTo(undefined, 'orders.refused');
    expect(await settle(worker({ metrics: webhookMetrics, refuse: async () => 'QUOTA_EXCEEDED: test' }), refused.delivery.id)).toBe('DEAD');

    const text = await metrics.render();
    expect(text).toContain('# TYPE fedbase_webhook_delivery_attempts_total counter');
    expect(text).toContain('# TYPE fedbase_webhook_delivery_duration_seconds histogram');
    const attempts = (outcome: string) => sample(text, 'fedbase_webhook_delivery_attempts_total', { outcome, service: 'events' });
    const timed = (outcome: string) => sample(text, 'fedbase_webhook_delivery_duration_seconds_count', { outcome, service: 'events' });
    expect([attempts('succeeded'), attempts('failed'), attempts('dead')]).toEqual([1, 1, 1]);
    // The refusal sent nothing, so it has no duration.
    expect([timed('succeeded'), timed('failed'), timed('dead')]).toEqual([1, 1, 0]);
    expect(sample(text, 'fedbase_webhook_delivery_duration_seconds_bucket', { outcome: 'succeeded', le: '10' })).toBe(1);
    const outcomes = [...text.matchAll(/^fedbase_webhook_delivery_\w+\{[^}]*outcome="(\w+)"/gm)].map((match) => match[1]);
    expect(new Set(outcomes)).toEqual(new Set(['succeeded', 'failed', 'dead']));
  });
});
