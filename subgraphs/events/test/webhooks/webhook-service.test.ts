import { randomUUID } from 'node:crypto';
import type { Database } from '@fedbase/db';
import { createSecretBox } from '@fedbase/secret-box';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookService, enqueueDeliveries, type WebhookService } from '../../src/webhooks/index.ts';
import { caller, engines } from '../events-engines.ts';
import { logTestEvent } from './log-test-event.ts';


const secretBox = createSecretBox('test-encryption-secret-that-is-long-enough', 'webhook-secrets');

describe.each(engines)('the webhook service on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let webhooks: WebhookService;
  const projectId = randomUUID();
  const owner = () => caller(projectId);

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    webhooks = createWebhookService({ db, secretBox, allowPrivateNetworks: false });
  });

  afterAll(async () => {
    await dispose?.();
  });

  it('creates a webhook and shows its whsec_ secret once, storing it only sealed', async () => {
    const { webhook, secret } = await webhooks.createWebhook(owner(), { url: 'https://example.com/hooks', topics: ['orders.*', 'orders.*'], description: 'orders' });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(webhook).toEqual({ id: expect.any(String), url: 'https://example.com/hooks', topics: ['orders.*'], description: 'orders', enabled: true, createdAt: expect.any(Date) });
    const row = await db.prisma.webhook.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(row.secretSealed).not.toContain(secret.slice(6));
    expect(secretBox.open(row.secretSealed)).toBe(secret);
    const raw = await db.query<Record<string, unknown>>('SELECT * FROM events.webhooks WHERE id = $1::uuid', [webhook.id]);
    expect(JSON.stringify(raw)).not.toContain(secret.slice(6));
    expect((await webhooks.listWebhooks(owner())).find((listed) => listed.id === webhook.id)).toEqual(webhook);
  });

  it('needs the secret key', async () => {
    await expect(webhooks.createWebhook(caller(projectId, { key: 'publishable' }), { url: 'https://example.com/', topics: ['*'] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(webhooks.listWebhooks(caller(projectId, { key: 'publishable' }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(webhooks.listWebhooks({ requestId: 'r', project: null, user: null })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it.each([
    [{ url: 'http://127.0.0.1:8080/hook', topics: ['*'] }, 'url', /WEBHOOK_ALLOW_PRIVATE_NETWORKS=true/],
    [{ url: 'http://localhost/hook', topics: ['*'] }, 'url', /loopback/],
    [{ url: 'gopher://example.com/', topics: ['*'] }, 'url', /http:\/\/ or https:\/\//],
    [{ url: 'https://example.com/', topics: ['a b'] }, 'topics', /"a b" is not a topic pattern/],
    [{ url: 'https://example.com/', topics: [] }, 'topics', /1 to 20/],
    [{ url: 'https://example.com/', topics: ['*'], description: 'd'.repeat(501) }, 'description', /at most 500/],
  ])('refuses %j with BAD_USER_INPUT on %s', async (input, field, message) => {
    await expect(webhooks.createWebhook(owner(), input)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field }, message: expect.stringMatching(message) });
  });

  it('accepts a loopback destination when the deployment allows private networks', async () => {
    const permissive = createWebhookService({ db, secretBox, allowPrivateNetworks: true });
    const { webhook } = await permissive.createWebhook(owner(), { url: 'http://127.0.0.1:8080/hook', topics: ['*'] });
    expect(webhook.url).toBe('http://127.0.0.1:8080/hook');
  });

  it('updates whether a webhook is enabled and what it listens to', async () => {
    const { webhook } = await webhooks.createWebhook(owner(), { url: 'https://example.com/u', topics: ['a'] });
    expect(await webhooks.updateWebhook(owner(), webhook.id, { enabled: false })).toMatchObject({ enabled: false, topics: ['a'] });
    expect(await webhooks.updateWebhook(owner(), webhook.id, { topics: ['b', 'c.*'] })).toMatchObject({ enabled: false, topics: ['b', 'c.*'] });
    expect(await webhooks.updateWebhook(owner(), webhook.id, {})).toMatchObject({ enabled: false, topics: ['b', 'c.*'] });
    await expect(webhooks.updateWebhook(owner(), webhook.id, { topics: ['bad*pattern'] })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it("answers NOT_FOUND for another project's webhooks and deliveries, and for ids that are not ids", async () => {
    const { webhook } = await webhooks.createWebhook(owner(), { url: 'https://example.com/mine', topics: ['mine'] });
    const { event } = await logTestEvent(db, projectId, 'mine');
    const [delivery] = await webhooks.listDeliveries(owner(), webhook.id);
    expect(delivery?.eventId).toBe(event.id);
    const stranger = caller(randomUUID());
    await expect(webhooks.updateWebhook(stranger, webhook.id, { enabled: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(webhooks.listDeliveries(stranger, webhook.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(webhooks.replayDeadLetters(stranger, webhook.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(webhooks.redeliver(stranger, delivery?.id ?? '')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(webhooks.redeliver(owner(), 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(webhooks.updateWebhook(owner(), randomUUID(), { enabled: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await webhooks.listWebhooks(stranger)).toEqual([]);
    expect((await webhooks.updateWebhook(owner(), webhook.id, {})).enabled).toBe(true);
  });

  it('lists deliveries newest first, by status, at most `first`', async () => {
    const { webhook } = await webhooks.createWebhook(owner(), { url: 'https://example.com/list', topics: ['list.*'] });
    const events = [];
    for (let i = 0; i < 3; i += 1) {
      events.push((await logTestEvent(db, projectId, `list.${i}`)).event);
      await new Promise((resolve) => setTimeout(resolve, 3)); // created_at has millisecond precision
    }
    const all = await webhooks.listDeliveries(owner(), webhook.id);
    expect(all.map((delivery) => delivery.eventId)).toEqual(events.map((event) => event.id).reverse());
    expect(all[0]).toEqual({ id: expect.any(String), eventId: events[2]?.id, status: 'PENDING', attempts: 0, lastStatusCode: null, lastError: null, nextAttemptAt: expect.any(Date) });
    expect(await webhooks.listDeliveries(owner(), webhook.id, { first: 2 })).toHaveLength(2);
    await db.prisma.delivery.update({ where: { id: all[1]?.id ?? '' }, data: { status: 'DEAD', attempts: 8, nextAttemptAt: null } });
    expect((await webhooks.listDeliveries(owner(), webhook.id, { status: 'DEAD' })).map((delivery) => delivery.id)).toEqual([all[1]?.id]);
    await expect(webhooks.listDeliveries(owner(), webhook.id, { first: 101 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'first' } });
  });

  it('redelivers any delivery with a fresh budget, and replays only dead letters', async () => {
    const { webhook } = await webhooks.createWebhook(owner(), { url: 'https://example.com/replay', topics: ['replay'] });
    for (let i = 0; i < 3; i += 1) await logTestEvent(db, projectId, 'replay');
    const [first, second, third] = await webhooks.listDeliveries(owner(), webhook.id);
    await db.prisma.delivery.updateMany({ where: { id: { in: [first?.id ?? '', second?.id ?? ''] } }, data: { status: 'DEAD', attempts: 8, nextAttemptAt: null, lastError: 'gone' } });
    await db.prisma.delivery.update({ where: { id: third?.id ?? '' }, data: { status: 'SUCCEEDED', attempts: 1, nextAttemptAt: null, lastStatusCode: 200 } });

    expect(await webhooks.replayDeadLetters(owner(), webhook.id)).toBe(2);
    expect(await webhooks.replayDeadLetters(owner(), webhook.id)).toBe(0);
    const redelivered = await webhooks.redeliver(owner(), third?.id ?? '');
    expect(redelivered).toMatchObject({ id: third?.id, status: 'PENDING', attempts: 0, nextAttemptAt: expect.any(Date) });
    expect((await webhooks.listDeliveries(owner(), webhook.id)).map((delivery) => [delivery.status, delivery.attempts])).toEqual([
      ['PENDING', 0],
      ['PENDING', 0],
      ['PENDING', 0],
    ]);
  });

  it('refuses to redeliver a delivery while a worker is attempting it', async () => {
    const { webhook } = await webhooks.createWebhook(owner(), { url: 'https://example.com/busy', topics: ['busy'] });
    await logTestEvent(db, projectId, 'busy');
    const [delivery] = await webhooks.listDeliveries(owner(), webhook.id);
    await db.query("UPDATE events.deliveries SET locked_until = now() + interval '1 minute' WHERE id = $1::uuid", [delivery?.id]);
    await expect(webhooks.redeliver(owner(), delivery?.id ?? '')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  describe('queueing deliveries', () => {
    it('queues one delivery per enabled webhook of the project whose patterns match, once', async () => {
      const project = randomUUID();
      const create = async (topics: string[]) => (await webhooks.createWebhook(caller(project), { url: 'https://example.com/q', topics })).webhook.id;
      const data = await create(['data.*']);
      const exact = await create(['orders.created']);
      const everything = await create(['*']);
      const disabled = await create(['*']);
      await webhooks.updateWebhook(caller(project), disabled, { enabled: false });
      await webhooks.createWebhook(caller(randomUUID()), { url: 'https://example.com/other', topics: ['*'] });

      const queuedFor = async (topic: string) => {
        const { event, queued } = await logTestEvent(db, project, topic);
        const rows = await db.prisma.delivery.findMany({ where: { eventId: event.id } });
        expect(rows).toHaveLength(queued);
        expect(rows.every((row) => row.status === 'PENDING' && row.projectId === project)).toBe(true);
        return { event, webhookIds: rows.map((row) => row.webhookId).sort() };
      };
      expect((await queuedFor('data.document.created')).webhookIds).toEqual([data, everything].sort());
      expect((await queuedFor('orders.created')).webhookIds).toEqual([exact, everything].sort());
      expect((await queuedFor('orders.created.v2')).webhookIds).toEqual([everything]);

      const { event } = await queuedFor('orders.created');
      expect(await db.prisma.$transaction((tx) => enqueueDeliveries(tx, event))).toBe(0);
    });
  });
});
