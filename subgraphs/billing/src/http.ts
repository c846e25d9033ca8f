import type { IncomingMessage, ServerResponse } from 'node:http';
import { isUuid } from '@fedbase/db';
import { BodyTooLargeError, hasAdminSecret, readBody, sendJson } from '@fedbase/http';
import type { BillingService } from './service.ts';
import { meteringBatchSchema, type MeteringBatch } from './usage/metering-batch.ts';

/**
 * Billing's routes for other Fedbase processes (`x-admin-secret`; the gateway never serves
 * `/internal/*`):
 * - `POST /internal/metering`: a gateway's batch of request counts, applied once per `batchId`
 *   (`{ applied: false }` for a batch already applied: the sender's retry after a lost answer);
 * - `GET /internal/limits?projectId=`: the project's plan and requests metered this month, which
 *   the gateway enforces requests per second and per month with, and files the storage and egress quotas.
 */
export function createBillingRoutes(service: BillingService, adminSecret: string | undefined) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<string | undefined> => {
    const url = new URL(req.url ?? '/', 'http://billing');
    const route = url.pathname;
    if (route !== '/internal/metering' && route !== '/internal/limits') return undefined;
    if (!hasAdminSecret(req, adminSecret)) {
      req.resume();
      sendJson(res, 401, { error: 'x-admin-secret is missing or wrong.' });
      return route;
    }
    if (route === '/internal/limits' && req.method === 'GET') {
      const projectId = url.searchParams.get('projectId') ?? '';
      if (!isUuid(projectId)) {
        sendJson(res, 400, { error: 'Pass projectId, a project id.' });
        return route;
      }
      sendJson(res, 200, await service.limits(projectId));
      return route;
    }
    if (route === '/internal/metering' && req.method === 'POST') {
      let batch: MeteringBatch;
      try {
        batch = meteringBatchSchema.parse(JSON.parse((await readBody(req, 32 * 1024 * 1024)).toString('utf8')));
      } catch (error) {
        if (error instanceof BodyTooLargeError) sendJson(res, 413, { error: error.message });
        else sendJson(res, 400, { error: `Not a metering batch: ${error instanceof Error ? error.message.slice(0, 300) : 'unreadable'}` });
        return route;
      }
      const { applied } = await service.recordBatch(batch);
      sendJson(res, 200, { batchId: batch.batchId, applied });
      return route;
    }
    req.resume();
    sendJson(res, 405, { error: route === '/internal/limits' ? 'GET the limits.' : 'POST a metering batch.' });
    return route;
  };
}
