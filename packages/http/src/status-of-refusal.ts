import { errorCodes, isErrorCode } from '@fedbase/errors';

/**
 * The status a refused GraphQL request should carry, from its body. Apollo answers 500 when an
 * error without an HTTP status stops a request before execution (the gateway finding no operation
 * named `operationName` in the document, a plugin refusing in `didResolveOperation`), even when
 * `formatError` found it to be the client's mistake. A response without data whose errors all
 * carry a client's code takes the status of the first one; anything else keeps its own.
 */
export function statusOfRefusal(body: string): number | undefined {
  let parsed: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || 'data' in parsed || !Array.isArray(parsed.errors) || parsed.errors.length === 0) return undefined;
  const codes = parsed.errors.map((error) => error?.extensions?.code);
  const [first] = codes;
  if (!isErrorCode(first) || !codes.every((code) => isErrorCode(code) && code !== 'INTERNAL')) return undefined;
  return errorCodes[first].status;
}
