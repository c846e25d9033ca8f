import type { FuzzRequest } from './fuzz-request.ts';
import type { RawResponse } from './send-raw-request.ts';

/** The shared list (packages/errors), repeated here on purpose: the fuzz checks the contract, not the code. */
export const errorCodes = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'QUOTA_EXCEEDED', 'PAYLOAD_TOO_LARGE', 'INTERNAL']);

interface ErrorsBody {
  errors?: { extensions?: { code?: unknown } }[];
}

function parseJson(response: RawResponse): ErrorsBody | undefined {
  if (!/json/i.test(response.headers['content-type'] ?? '')) return undefined;
  try {
    return JSON.parse(response.body.toString('utf8')) as ErrorsBody;
  } catch {
    return undefined;
  }
}

/**
 * What is wrong with an answer, or undefined: a 5xx, no answer at all, a GraphQL 4xx without a
 * code from the list, or an INTERNAL error in any response (a server bug even when the status is 200).
 */
export function findProblem(request: FuzzRequest, response: RawResponse): string | undefined {
  if (response.status === 0) return `no HTTP answer (${response.failure})`;
  if (response.status >= 500) return `status ${response.status}`;
  const json = parseJson(response);
  const codes = (json?.errors ?? []).map((error) => error?.extensions?.code);
  if (codes.includes('INTERNAL')) return `an INTERNAL error with status ${response.status}`;
  const unknown = codes.filter((code) => !errorCodes.has(code as string));
  if (unknown.length) return `error codes outside the list: ${JSON.stringify(unknown)}`;
  const isGraphQL = /^\/graphql(\?|$)/.test(request.path) && (request.method === 'GET' || request.method === 'POST');
  if (isGraphQL && response.status >= 400 && /json/i.test(response.headers['content-type'] ?? '') && codes.length === 0) {
    return `a GraphQL ${response.status} without errors[0].extensions.code`;
  }
  return undefined;
}
