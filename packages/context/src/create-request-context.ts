import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestContext } from './request-context.ts';
import { isSaneRequestId } from './request-id.ts';

/**
 * The context of a request whose credentials have not been verified (yet): it keeps the caller's
 * `x-request-id` when it looks sane, so logs of the gateway and subgraphs line up.
 */
export function createRequestContext(headers: IncomingHttpHeaders): RequestContext {
  const given = headers['x-request-id'];
  const requestId = isSaneRequestId(given) ? given : randomUUID();
  return { requestId, project: null, user: null };
}
