import type { IncomingMessage, ServerResponse } from 'node:http';
import { createInterface } from 'node:readline';
import { requireSecretKey, type RequestContext } from '@fedbase/context';
import { FedbaseError } from '@fedbase/errors';
import { sendGraphQLError, sendJson } from '@fedbase/http';
import type { DataService } from './service.ts';

const routePattern = /^\/collections\/([a-z][a-z0-9_-]{0,62})\/(export|import)$/;

/**
 * A collection as NDJSON, so data is never locked in (secret key; the gateway serves these at
 * `/data/collections/:name/export|import`):
 * - `GET .../export`: one document per line, oldest first, streamed page by page;
 * - `POST .../import`: the same lines back (or `{ "data": {...} }` lines for new documents), all or
 *   nothing: a bad line is refused with its number and nothing is written. Ids are kept (a
 *   restore); `?ids=new` gives every line a new id (a copy within one deployment).
 */
export function createDataRoutes(service: DataService) {
  return async (req: IncomingMessage, res: ServerResponse, caller: () => Promise<RequestContext>): Promise<string | undefined> => {
    const match = routePattern.exec((req.url ?? '/').split('?', 1)[0] ?? '');
    if (!match) return undefined;
    const [, collection = '', action] = match;
    const label = `/collections/:name/${action}`;
    try {
      const context = await caller();
      const project = requireSecretKey(context);
      if (action === 'export' && req.method === 'GET') {
        // The export looks the collection up when its first line is asked for: ask before the 200
        // goes out, so an unknown collection is a 404 and not a 200 cut short.
        const lines = service.exchange.exportCollection(project.id, collection)[Symbol.asyncIterator]();
        let next = await lines.next();
        res.writeHead(200, {
          'content-type': 'application/x-ndjson; charset=utf-8',
          'content-disposition': `attachment; filename="${collection}.ndjson"`,
        });
        for (; !next.done; next = await lines.next()) {
          if (!res.write(`${next.value}\n`)) await new Promise((resolve) => res.once('drain', resolve));
        }
        res.end();
        return label;
      }
      if (action === 'import' && req.method === 'POST') {
        // readline emits lines as soon as it exists; its async iterator buffers only from when it
        // is created, so create it now, before the awaits inside the import would lose lines.
        const iterator = createInterface({ input: req, crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();
        const lines: AsyncIterable<string> = { [Symbol.asyncIterator]: () => iterator };
        const newIds = new URL(req.url ?? '/', 'http://local').searchParams.get('ids') === 'new';
        const imported = await service.exchange.importCollection(project.id, collection, lines, { newIds });
        sendJson(res, 200, { imported });
        return label;
      }
      sendJson(res, 405, { error: `Use GET .../export or POST .../import.` });
      return label;
    } catch (error) {
      if (!(error instanceof FedbaseError) || res.headersSent) throw error;
      req.resume();
      sendGraphQLError(res, error.status, error.code, error.message);
      return label;
    }
  };
}
