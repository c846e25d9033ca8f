import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '@fedbase/db';
import { createSecretBox } from '@fedbase/secret-box';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventLog } from '../../src/event-log/event-log.ts';
import { createEventsRoutes } from '../../src/http.ts';
import { createWebhookService, readWebhookOutcomes, type WebhookService } from '../../src/webhooks/index.ts';
import { caller, engines } from '../events-engines.ts';
import { insertAttempt, type AttemptedDelivery } from './insert-attempt.ts';
import { logTestEvent } from './log-test-event.ts';

const secretBox = createSecretBox('test-encryption-secret-that-is-long-enough', 'webhook-secrets');
const adminSecret = 'test-admin-secret-that-is-long-enough';
const minutes = 60;
const hours = 60 * minutes;

describe.each(engines)('webhook outcomes over the SLI windows on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let webhooks: WebhookService;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    webhooks = createWebhookService({ db, secretBox, allowPrivateNetworks: false });
    const routes = createEventsRoutes({
      eventLog: {} as EventLog, // never reached: only the outcomes route is asked
      usage: async () => ({ webhookDeliveries: 0 }),
      webhookOutcomes: () => readWebhookOutcomes(db),
      adminSecret,
    });
    server = createServer((req, res) => {
      routes(req, res).then(
        (route) => route ?? res.writeHead(404).end(),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await db.query('DELETE FROM events.webhooks');
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await dispose?.();
  });

  /** A delivery of a new webhook in a new project, for attempts to belong to. */
  const createDelivery = async (): Promise<AttemptedDelivery> => {
    const projectId = randomUUID();
    const { webhook } = await webhooks.createWebhook(caller(projectId), { url: 'https://example.com/hook', topics: ['orders.*'] });
    const { event } = await logTestEvent(db, projectId, 'orders.created');
    const delivery = await db.prisma.delivery.findUniqueOrThrow({ where: { webhookId_eventId: { webhookId: webhook.id, eventId: event.id } } });
    return { id: delivery.id, projectId, webhookId: webhook.id };
  };

  it('counts each attempt in every window it falls in, across projects, and nothing older than 6 hours', async () => {
    const [one, other] = [await createDelivery(), await createDelivery()];
    await insertAttempt(db, one, 'succeeded', 4 * minutes);
    await insertAttempt(db, other, 'succeeded', 4 * minutes);
    await insertAttempt(db, one, 'failed', 10 * minutes);
    await insertAttempt(db, other, 'dead', 45 * minutes);
    await insertAttempt(db, one, 'failed', 2 * hours);
    await insertAttempt(db, other, 'dead', 5 * hours + 50 * minutes);
    await insertAttempt(db, one, 'succeeded', 7 * hours);

    const startedAt = Date.now();
    const outcomes = await readWebhookOutcomes(db);
    expect(outcomes.windows).toEqual({
      '5m': { succeeded: 2, failed: 0, dead: 0 },
      '30m': { succeeded: 2, failed: 1, dead: 0 },
      '1h': { succeeded: 2, failed: 1, dead: 1 },
      '6h': { succeeded: 2, failed: 2, dead: 2 },
    });
    expect(Math.abs(Date.parse(outcomes.generatedAt) - startedAt)).toBeLessThan(60_000);
  });

  it('counts zero in every window when no attempt was made', async () => {
    const empty = { succeeded: 0, failed: 0, dead: 0 };
    expect((await readWebhookOutcomes(db)).windows).toEqual({ '5m': empty, '30m': empty, '1h': empty, '6h': empty });
  });

  it('answers GET /internal/webhook-outcomes with the counts to a caller holding the admin secret', async () => {
    await insertAttempt(db, await createDelivery(), 'dead', 20 * minutes);
    const response = await fetch(`${base}/internal/webhook-outcomes`, { headers: { 'x-admin-secret': adminSecret } });
    expect(response.status).toBe(200);
    const empty = { succeeded: 0, failed: 0, dead: 0 };
    expect(await response.json()).toEqual({
      generatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      windows: { '5m': empty, '30m': { ...empty, dead: 1 }, '1h': { ...empty, dead: 1 }, '6h': { ...empty, dead: 1 } },
    });
  });

  it('refuses GET /internal/webhook-outcomes with 401 without the admin secret or with a wrong one', async () => {
    const missing = await fetch(`${base}/internal/webhook-outcomes`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'x-admin-secret is missing or wrong.' });
    expect((await fetch(`${base}/internal/webhook-outcomes`, { headers: { 'x-admin-secret': `${adminSecret}x` } })).status).toBe(401);
  });
});
