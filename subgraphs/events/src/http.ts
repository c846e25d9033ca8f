import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from '@fedbase/config';
import { BodyTooLargeError, hasAdminSecret, readBody, sendJson } from '@fedbase/http';
import type { OutboxRow } from '@fedbase/outbox';
import type { EventLog } from './event-log/event-log.ts';

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

/**
 * `POST /internal/events`: other subgraphs' outbox relays hand their system events to the log
 * here. Only a process holding the deployment's ADMIN_SECRET may (compared in constant time);
 * the gateway never routes `/internal/*`. Answers 200 only after the batch is committed.
 */
export function createEventsRoutes(eventLog: EventLog, adminSecret: string | undefined) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<string | undefined> => {
    const path = (req.url ?? '/').split('?', 1)[0];
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
