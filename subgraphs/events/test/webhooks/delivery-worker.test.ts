import { randomUUID } from 'node:crypto';
import type { Database } from '@fedbase/db';
import type { Delivery } from '@fedbase/prisma';
import { createSecretBox } from '@fedbase/secret-box';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createDeliveryWorker,
  createWebhookService,
  type DeliveryOutcome,
  type DeliveryWorker,
  type DeliveryWorkerOptions,
  type WebhookService,
} from '../../src/webhooks/index.ts';
import { claimDueDeliveries } from '../../src/webhooks/claim-due-deliveries.ts';
import { caller, engines, type OpenEngine } from '../events-engines.ts';
import { logTestEvent } from './log-test-event.ts';
import { startReceiver, type Receiver, type Respond } from './start-receiver.ts';


const secretBox = createSecretBox('test-encryption-secret-that-is-long-enough', 'webhook-secrets');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(engines)('the delivery worker on $name', (engine) => {
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
    // Workers claim across projects: start every test from an empty queue.
    await db.query('DELETE FROM events.webhooks');
  });

  afterAll(async () => {
    await opened?.dispose();
  });

  const worker = (options: Partial<DeliveryWorkerOptions> = {}): DeliveryWorker => {
    const created = createDeliveryWorker({ db, secretBox, backoffMs: 10, maxAttempts: 5, timeoutMs: 2_000, allowPrivateNetworks: true, ...options });
    disposers.push(() => created.close());
    return created;
  };

  /** A receiver, a webhook pointing at it, and one event queued for it. */
  const deliverTo = async (respond?: Respond, topic = 'orders.created') => {
    const receiver: Receiver = await startReceiver(respond);
    disposers.push(receiver.close);
    const { webhook, secret } = await webhooks.createWebhook(caller(projectId), { url: receiver.url, topics: ['orders.*'] });
    const { event } = await logTestEvent(db, projectId, topic, { orderId: 42, lines: [{ sku: 'a' }] });
    const delivery = await db.prisma.delivery.findUniqueOrThrow({ where: { webhookId_eventId: { webhookId: webhook.id, eventId: event.id } } });
    return { receiver, webhook, secret, event, delivery };
  };

  const load = (id: string) => db.prisma.delivery.findUniqueOrThrow({ where: { id } });

  /** Runs passes until the delivery is SUCCEEDED or DEAD (retries are due within milliseconds here). */
  const settle = async (runner: DeliveryWorker, id: string): Promise<Delivery> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      await runner.runOnce();
      const delivery = await load(id);
      if (delivery.status === 'SUCCEEDED' || delivery.status === 'DEAD') return delivery;
      if (Date.now() > deadline) throw new Error(`delivery still ${delivery.status} after 10 s`);
      await sleep(5);
    }
  };

  it('sends the event signed so the receiver verifies it, and marks it SUCCEEDED', async () => {
    const { receiver, secret, event, delivery } = await deliverTo();
    expect(await worker().runOnce()).toBe(1);
    const [request] = receiver.requests;
    const verified = new Webhook(secret).verify(request?.body ?? '', request?.headers ?? {});
    expect(verified).toEqual({ type: 'orders.created', timestamp: event.createdAt.toISOString(), data: { orderId: 42, lines: [{ sku: 'a' }] } });
    expect(request?.headers['webhook-id']).toBe(delivery.id);
    expect(await load(delivery.id)).toMatchObject({ status: 'SUCCEEDED', attempts: 1, lastStatusCode: 200, lastError: null, nextAttemptAt: null, lockedUntil: null });
  });

  it('retries a receiver that fails twice with the same webhook-id, succeeding on the third attempt', async () => {
    const { receiver, secret, delivery } = await deliverTo((_, index) => (index < 2 ? 500 : 204));
    const runner = worker();
    expect(await runner.runOnce()).toBe(1);
    expect(await load(delivery.id)).toMatchObject({ status: 'FAILED', attempts: 1, lastStatusCode: 500, lastError: 'the receiver answered 500: answer 500', nextAttemptAt: expect.any(Date) });
    expect(await settle(runner, delivery.id)).toMatchObject({ status: 'SUCCEEDED', attempts: 3, lastStatusCode: 204, lastError: null, nextAttemptAt: null });
    expect(receiver.requests.map((request) => request.headers['webhook-id'])).toEqual([delivery.id, delivery.id, delivery.id]);
    for (const request of receiver.requests) expect(() => new Webhook(secret).verify(request.body, request.headers)).not.toThrow();
  });

  it('marks a delivery DEAD after the last attempt, and delivers it when dead letters are replayed', async () => {
    const { receiver, webhook, delivery } = await deliverTo(() => 500);
    const runner = worker({ maxAttempts: 3 });
    expect(await settle(runner, delivery.id)).toMatchObject({ status: 'DEAD', attempts: 3, lastStatusCode: 500, nextAttemptAt: null, lockedUntil: null });
    expect(receiver.requests).toHaveLength(3);

    receiver.respondWith(() => 200);
    expect(await webhooks.replayDeadLetters(caller(projectId), webhook.id)).toBe(1);
    expect(await settle(runner, delivery.id)).toMatchObject({ status: 'SUCCEEDED', attempts: 1, lastStatusCode: 200 });
    expect(new Set(receiver.requests.map((request) => request.headers['webhook-id']))).toEqual(new Set([delivery.id]));
  });

  it('sends a delivery again when it is redelivered, with the same webhook-id', async () => {
    const { receiver, delivery } = await deliverTo();
    const runner = worker();
    await settle(runner, delivery.id);
    expect(await webhooks.redeliver(caller(projectId), delivery.id)).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect(await settle(runner, delivery.id)).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    expect(receiver.requests.map((request) => request.headers['webhook-id'])).toEqual([delivery.id, delivery.id]);
  });

  it('counts a receiver that never answers as a failed attempt once the timeout has passed', async () => {
    const { receiver, delivery } = await deliverTo(() => 'hang');
    const startedAt = Date.now();
    expect(await worker({ timeoutMs: 150, backoffMs: 60_000 }).runOnce()).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(receiver.requests).toHaveLength(1);
    expect(await load(delivery.id)).toMatchObject({ status: 'FAILED', attempts: 1, lastStatusCode: null, lastError: 'no complete response within 150 ms', lockedUntil: null });
  });

  it('refuses to send to a loopback address unless the worker allows private networks', async () => {
    const { receiver, delivery } = await deliverTo();
    expect(await worker({ allowPrivateNetworks: false, backoffMs: 60_000 }).runOnce()).toBe(1);
    expect(receiver.requests).toHaveLength(0);
    expect(await load(delivery.id)).toMatchObject({ status: 'FAILED', lastError: expect.stringMatching(/loopback.*WEBHOOK_ALLOW_PRIVATE_NETWORKS=true/) });
  });

  it('marks deliveries of a disabled webhook DEAD without sending them, and sends them once it is enabled and replayed', async () => {
    const { receiver, webhook, delivery } = await deliverTo();
    await webhooks.updateWebhook(caller(projectId), webhook.id, { enabled: false });
    const runner = worker();
    expect(await settle(runner, delivery.id)).toMatchObject({ status: 'DEAD', attempts: 1, lastError: 'the webhook is disabled; enable it and replay dead letters' });
    expect(receiver.requests).toHaveLength(0);

    await webhooks.updateWebhook(caller(projectId), webhook.id, { enabled: true });
    expect(await webhooks.replayDeadLetters(caller(projectId), webhook.id)).toBe(1);
    expect(await settle(runner, delivery.id)).toMatchObject({ status: 'SUCCEEDED' });
    expect(receiver.requests).toHaveLength(1);
  });

  it('delivers on its own once started, reports each outcome, and waits for attempts in flight when closed', async () => {
    const outcomes: DeliveryOutcome[] = [];
    const { receiver, webhook, delivery } = await deliverTo((_, index) => (index === 0 ? 500 : 200));
    const runner = worker({ pollIntervalMs: 20, onOutcome: (outcome) => outcomes.push(outcome) });
    runner.start();
    await receiver.waitForRequests(2);
    await vi.waitFor(() => expect(outcomes).toHaveLength(2), { timeout: 5_000 });
    expect(outcomes).toEqual([
      { projectId, webhookId: webhook.id, deliveryId: delivery.id, outcome: 'failed', statusCode: 500 },
      { projectId, webhookId: webhook.id, deliveryId: delivery.id, outcome: 'succeeded', statusCode: 200 },
    ]);

    receiver.respondWith(() => sleep(100).then(() => 200));
    const { event } = await logTestEvent(db, projectId, 'orders.shipped');
    runner.kick();
    await receiver.waitForRequests(3);
    await runner.close();
    expect(await db.prisma.delivery.findFirstOrThrow({ where: { eventId: event.id } })).toMatchObject({ status: 'SUCCEEDED', lockedUntil: null });
  });

  it('keeps a claimed delivery from every other claim until its lease expires', async () => {
    const { delivery } = await deliverTo();
    const [claimed] = await claimDueDeliveries(db, { limit: 10, leaseMs: 500 });
    expect(claimed).toMatchObject({ id: delivery.id, attempts: 1, topic: 'orders.created', enabled: true });
    expect(JSON.parse(claimed?.payloadJson ?? '')).toEqual({ orderId: 42, lines: [{ sku: 'a' }] });
    expect(await claimDueDeliveries(db, { limit: 10, leaseMs: 500 })).toEqual([]);
    await sleep(550); // the worker that claimed it is presumed dead
    expect(await claimDueDeliveries(db, { limit: 10, leaseMs: 200 })).toMatchObject([{ id: delivery.id, attempts: 2 }]);
  });

  it('never lets two workers send the same due delivery, however they interleave', async () => {
    const count = 30;
    const receiver = await startReceiver(() => sleep(10).then(() => 200));
    disposers.push(receiver.close);
    await webhooks.createWebhook(caller(projectId), { url: receiver.url, topics: ['load.*'] });
    for (let i = 0; i < count; i += 1) await logTestEvent(db, projectId, `load.${i}`);

    // On PostgreSQL a second pool, as a second process would have; PGlite serves one process.
    const runners = [worker({ concurrency: 4 }), worker({ db: await opened.openAnother(), concurrency: 4 })];
    const attempts = await Promise.all(
      runners.map(async (runner) => {
        let made = 0;
        const deadline = Date.now() + 10_000;
        while (receiver.requests.length < count && Date.now() < deadline) {
          const pass = await runner.runOnce();
          made += pass;
          if (pass === 0) await sleep(2);
        }
        return made;
      }),
    );
    expect(attempts[0]! + attempts[1]!).toBe(count);
    expect(new Set(receiver.requests.map((request) => request.headers['webhook-id'])).size).toBe(count);
    const deliveries = await db.prisma.delivery.findMany({ where: { projectId } });
    expect(deliveries.every((delivery) => delivery.status === 'SUCCEEDED' && delivery.attempts === 1)).toBe(true);
  });

  it.skipIf(engine.name === 'PGlite')('claims past rows another connection holds locked instead of waiting for them', async () => {
    await webhooks.createWebhook(caller(projectId), { url: 'http://127.0.0.1:9/never-sent', topics: ['lock.*'] });
    for (let i = 0; i < 3; i += 1) await logTestEvent(db, projectId, `lock.${i}`);
    const [held, ...free] = await db.prisma.delivery.findMany({ where: { projectId } });
    const other = await opened.openAnother();
    await db.prisma.$transaction(async (tx) => {
      await tx.$queryRawUnsafe('SELECT id FROM events.deliveries WHERE id = $1::uuid FOR UPDATE', held?.id);
      const claimed = await claimDueDeliveries(other, { limit: 10, leaseMs: 60_000 });
      expect(claimed.map((delivery) => delivery.id).sort()).toEqual(free.map((delivery) => delivery.id).sort());
    });
  });
});
