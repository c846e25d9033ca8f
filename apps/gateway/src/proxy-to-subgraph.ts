import { request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { FedbaseError } from '@fedbase/errors';
import { sendGraphQLError } from '@fedbase/http';
import type { Logger } from '@fedbase/telemetry';
import type { CallerResolver } from './resolve-caller.ts';

/** Response headers passed back to the client; hop-by-hop ones are the proxy's own business. */
const passedHeaders = [
  'content-type', 'content-length', 'content-disposition', 'etag', 'last-modified', 'content-range', 'accept-ranges',
  'cache-control', 'retry-after', 'x-content-type-options', 'content-security-policy',
];

/**
 * Streams a plain HTTP request (data export/import, file bytes) to a subgraph, with the caller
 * resolved as for GraphQL: subgraphs get the verified tokens, never the raw API key, and nothing is
 * buffered, so a large body costs no memory here.
 */
export function createSubgraphProxy({ callers, logger }: { callers: CallerResolver; logger: Logger }) {
  return async (req: IncomingMessage, res: ServerResponse, target: string): Promise<void> => {
    let forwardHeaders: Readonly<Record<string, string>>;
    try {
      forwardHeaders = (await callers.resolve(req.headers)).forwardHeaders;
    } catch (error) {
      if (!(error instanceof FedbaseError)) throw error;
      req.resume();
      return sendGraphQLError(res, error.status, error.code, error.message);
    }
    const headers: Record<string, string> = { ...forwardHeaders };
    for (const name of ['content-type', 'content-length', 'range', 'if-none-match']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const upstream = request(target, { method: req.method, headers });
    const answered = new Promise<void>((resolve, reject) => {
      upstream.once('response', (response) => {
        const out: Record<string, string | string[]> = {};
        for (const name of passedHeaders) {
          const value = response.headers[name];
          if (value !== undefined) out[name] = value;
        }
        res.writeHead(response.statusCode ?? 502, out);
        pipeline(response, res).then(resolve, reject);
      });
      upstream.on('error', reject); // kept on: a late error (the socket closing after the answer) must not go unhandled
    });
    // The subgraph may answer before it has read the whole body (413 in the middle of an upload)
    // and close: the request side then fails, which is no failure of the proxy once it answered.
    const sent = pipeline(req, upstream).then(
      () => undefined,
      (error: unknown) => error,
    );
    try {
      await answered;
    } catch (error) {
      logger.warn({ err: error, target }, 'proxying to a subgraph failed');
      if (!res.headersSent) sendGraphQLError(res, 502, 'INTERNAL', 'The service behind this path did not answer; retry later.');
      else res.destroy();
      return;
    }
    // The answer is out; what the client still sends goes on to the subgraph, which drops it (see
    // discardRequestBody): closing here with unread bytes would reset the client's connection,
    // and a reset can destroy the answer before the client reads it.
    await sent;
  };
}
