import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger, ServiceMetrics } from '@fedbase/telemetry';
import { sendJson } from './send.ts';

/** Answers one request and returns the route label to count it under (a fixed set, never the raw path). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<string>;

/**
 * A node:http server around one route handler: every request is counted by route and status, and
 * an unexpected failure is logged and answered with a bare INTERNAL (or the socket closed when
 * the response had already started), never with its details.
 */
export function serveRoutes(handle: RouteHandler, { metrics, logger }: { metrics: ServiceMetrics; logger: Logger }): Server {
  return createServer((req, res) => {
    handle(req, res)
      .then((route) => metrics.httpRequests.inc({ route, status: String(res.statusCode) }))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal error: it has been logged; retry later.', extensions: { code: 'INTERNAL' } }] });
        else res.destroy();
      });
  });
}
