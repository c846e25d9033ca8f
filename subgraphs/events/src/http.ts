import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from '@fedbase/config';
import { isUuid } from '@fedbase/db';
import { BodyTooLargeError, hasAdminSecret, readBody, sendJson } from '@fedbase/http';
import type { OutboxRow } from '@fedbase/outbox';
import type { EventLog } from './event-log/event-log.ts';
import type { WebhookOutcomes } from './webhooks/read-webhook-outcomes.ts';

const periodPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

const ingestBody = z.object({
  source: z.enum(['identity', 'data', 'files', 'billing']),
  events: z
    .array(
      z.object({
        id: z.string().regex(/^\d{1,19}$/),
        projectId: z.string().uuid(),
        topic: z.string().min(1).max(200),
        aggregateId: z.string().max(200),
        payload: z.unknown(),
        createdAt: z.string().datetime({ offset: true }),
      }),
    )
    .max(1000),
});

export interface EventsRoutesOptions {
  eventLog: EventLog;
  /** Webhook deliveries billed in a project's month. */
  usage: (projectId: string, period: string) => Promise<{ webhookDeliveries: number }>;
  /** Delivery attempts of every project by outcome over the SLI windows. */
  webhookOutcomes: () => Promise<WebhookOutcomes>;
  adminSecret: string | undefined;
}

/**
 * Routes for other Fedbase processes only: the deployment's ADMIN_SECRET is required (compared in
 * constant time) and the gateway never routes `/internal/*`.
 * - `POST /internal/events`: other subgraphs' outbox relays hand their system events to the log
 *   here. Answers 200 only after the batch is committed.
 * - `GET /internal/usage?projectId=&period=YYYY-MM` -> `{ webhookDeliveries }`, for billing.
 * - `GET /internal/webhook-outcomes` -> `{ generatedAt, windows: { 5m: { succeeded, failed, dead }, 30m, 1h, 6h } }`:
 *   delivery attempts of all projects, for the operator's SLIs.
 */
export function createEventsRoutes({ eventLog, usage, webhookOutcomes, adminSecret }: EventsRoutesOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<string | undefined> => {
    const url = new URL(req.url ?? '/', 'http://events');
    const path = url.pathname;
    if (path === '/internal/webhook-outcomes' && req.method === 'GET') {
      if (hasAdminSecret(req, adminSecret)) sendJson(res, 200, await webhookOutcomes());
      else sendJson(res, 401, { error: 'x-admin-secret is missing or wrong.' });
      return path;
    }
    if (path === '/internal/usage' && req.method === 'GET') {
      if (!hasAdminSecret(req, adminSecret)) {
        sendJson(res, 401, { error: 'x-admin-secret is missing or wrong.' });
        return path;
      }
      const projectId = url.searchParams.get('projectId') ?? '';
      const period = url.searchParams.get('period') ?? '';
      if (!isUuid(projectId) || !periodPattern.test(period)) {
        sendJson(res, 400, { error: 'Pass projectId (a project id) and period (YYYY-MM).' });
        return path;
      }
      sendJson(res, 200, { projectId, period, ...(await usage(projectId, period)) });
      return path;
    }
    if (path !== '/internal/events') return undefined;
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'POST a batch of events here.' });
      return path;
    }
    if (!hasAdminSecret(req, adminSecret)) {
      req.resume();
      sendJson(res, 401, { error: 'x-admin-secret is missing or wrong.' });
      return path;
    }
    let body: z.infer<typeof ingestBody>;
    try {
      body = ingestBody.parse(JSON.parse((await readBody(req, 16 * 1024 * 1024)).toString('utf8')));
    } catch (error) {
      if (error instanceof BodyTooLargeError) sendJson(res, 413, { error: error.message });
      else sendJson(res, 400, { error: `Not a batch of events: ${error instanceof Error ? error.message.slice(0, 300) : 'unreadable'}` });
      return path;
    }
    const rows: OutboxRow[] = body.events.map((event) => ({ ...event, createdAt: new Date(event.createdAt) }));
    const created = await eventLog.ingest(body.source, rows);
    sendJson(res, 200, { received: rows.length, created });
    return path;
  };
}
