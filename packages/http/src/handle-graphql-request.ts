import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { FedbaseError } from '@fedbase/errors';
import type { Logger } from '@fedbase/telemetry';
import { compressBody, encodingFor } from './compress-when-asked.ts';
import { dropEmptyOperationName } from './drop-empty-operation-name.ts';
import { BodyTooLargeError, readBody } from './read-body.ts';
import { sendGraphQLError } from './send.ts';
import { statusOfRefusal } from './status-of-refusal.ts';

export interface HandleGraphQLRequestOptions<TContext extends BaseContext> {
  /**
   * Builds the context of this request (who is calling, may it run now). A thrown FedbaseError is
   * answered with its status before anything runs: a bad key or token is a 401, not a GraphQL error
   * beside data; RATE_LIMITED a 429 with `Retry-After`.
   */
  context: () => Promise<TContext>;
  /** Where an INTERNAL failure to build the context is logged. */
  logger?: Logger;
  /** @default 1_048_576 (1 MiB) */
  bodyLimitBytes?: number;
}

/**
 * Runs one GraphQL-over-HTTP request (GET or POST) through Apollo Server on plain node:http. We
 * parse the body ourselves so a malformed body is a clear 400 and an oversized one a 413, never a
 * 500, and so no web framework sits in the hot path. Answers are compressed only when the client
 * asks (see encodingFor).
 */
export async function handleGraphQLRequest<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  options: HandleGraphQLRequestOptions<TContext>,
): Promise<void> {
  const limit = options.bodyLimitBytes ?? 1_048_576;
  let body: unknown;
  if (req.method === 'POST') {
    let raw: Buffer;
    try {
      raw = await readBody(req, limit);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendGraphQLError(res, 413, 'PAYLOAD_TOO_LARGE', `${error.message} Send a smaller request.`);
      throw error;
    }
    const contentType = req.headers['content-type'] ?? '';
    if (/^application\/(graphql-response\+)?json\b/i.test(contentType) || contentType === '') {
      try {
        body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
      } catch {
        return sendGraphQLError(res, 400, 'BAD_USER_INPUT', 'The body is not valid UTF-8 JSON. Send {"query": "...", "variables": {...}}.');
      }
    } else {
      return sendGraphQLError(res, 415, 'BAD_USER_INPUT', 'Send the body as application/json.');
    }
  }
  let context: TContext;
  try {
    context = await options.context();
  } catch (error) {
    if (!(error instanceof FedbaseError)) throw error;
    if (error.code === 'INTERNAL') options.logger?.error({ err: error.originalError ?? error }, 'establishing the caller failed');
    const retryAfter = error.extensions['retryAfter'];
    if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
    return sendGraphQLError(res, error.status, error.code, error.message, error.extensions);
  }
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const request = dropEmptyOperationName(body, queryStart === -1 ? '' : url.slice(queryStart));
  const response = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: request.search, body: request.body },
    context: async () => context,
  });
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    const text = response.body.string;
    if (res.statusCode === 500) res.statusCode = statusOfRefusal(text) ?? 500;
    res.setHeader('vary', 'accept-encoding');
    const bytes = Buffer.byteLength(text);
    const encoding = encodingFor(req, bytes);
    if (!encoding) {
      res.setHeader('content-length', bytes);
      res.end(text);
      return;
    }
    const compressed = await compressBody(text, encoding);
    res.setHeader('content-encoding', encoding);
    res.setHeader('content-length', compressed.length);
    res.end(compressed);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
