import { randomUUID } from 'node:crypto';
import type { Database } from '@fedbase/db';
import { createSecretBox } from '@fedbase/secret-box';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryWorker, createWebhookService, deliveryAttemptRetentionMs, pruneDeliveryAttempts } from '../../src/webhooks/index.ts';
import { caller, engines } from '../events-engines.ts';
import { insertAttempt, type AttemptedDelivery } from './insert-attempt.ts';
import { logTestEvent } from './log-test-event.ts';

const secretBox = createSecretBox('test-encryption-secret-that-is-long-enough', 'webhook-secrets');
const days = 24 * 60 * 60;

describe.each(engines)('pruning the delivery attempt log on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
  });

  afterEach(async () => {
    await db.query('DELETE FROM events.webhooks');
  });

  afterAll(async () => {
    await dispose?.();
  });

  /** A delivery already SUCCEEDED, so a started worker has nothing to send. */
  const createDelivery = async (): Promise<AttemptedDelivery> => {
    const projectId = randomUUID();
    const webhooks = createWebhookService({ db, secretBox, allowPrivateNetworks: false });
    const { webhook } = await webhooks.createWebhook(caller(projectId), { url: 'https://example.com/hook', topics: ['orders.*'] });
    const { event } = await logTestEvent(db, projectId, 'orders.created');
    const row = await db.prisma.delivery.update({
      where: { webhookId_eventId: { webhookId: webhook.id, eventId: event.id } },
      data: { status: 'SUCCEEDED', nextAttemptAt: null },
    });
    return { id: row.id, projectId, webhookId: webhook.id };
  };

  /** Attempts' ages in days, oldest first. */
  const agesLeft = async () => {
    const rows = await db.query<{ days: number }>(
      `SELECT round(extract(epoch FROM now() - attempted_at) / 86400, 2)::float8 AS days FROM events.delivery_attempts ORDER BY attempted_at`,
    );
    return rows.map((row) => Number(row.days));
  };

  it('keeps attempts for 7 days', () => {
    expect(deliveryAttemptRetentionMs).toBe(7 * days * 1000);
  });

  it('deletes only the attempts older than 7 days, in batches until none is left', async () => {
    const delivery = await createDelivery();
    for (let i = 0; i < 5; i += 1) await insertAttempt(db, delivery, 'failed', 8 * days + i * 60);
    await insertAttempt(db, delivery, 'dead', 7 * days + 60);
    await insertAttempt(db, delivery, 'succeeded', 7 * days - 60);
    await insertAttempt(db, delivery, 'succeeded', 1 * days);
    await insertAttempt(db, delivery, 'succeeded', 0);

    expect(await pruneDeliveryAttempts(db, { batchSize: 2 })).toBe(6);
    expect(await agesLeft()).toEqual([7, 1, 0]);
    expect(await pruneDeliveryAttempts(db)).toBe(0);
  });

  it('prunes when the worker starts, and stops with it', async () => {
    const delivery = await createDelivery();
    await insertAttempt(db, delivery, 'dead', 30 * days);
    await insertAttempt(db, delivery, 'succeeded', 60);
    const worker = createDeliveryWorker({ db, secretBox, backoffMs: 10, maxAttempts: 1, timeoutMs: 1_000, allowPrivateNetworks: false, pollIntervalMs: 60_000 });
    worker.start();
    try {
      await expect.poll(agesLeft, { timeout: 5_000 }).toHaveLength(1);
    } finally {
      await worker.close();
    }
  });
});
