/**
 * The one list of error codes a client can see in `extensions.code`. Docs are generated from it
 * (`errors.md` beside this package, checked for drift), so a code exists here or nowhere.
 */
export const errorCodes = {
  UNAUTHENTICATED: { status: 401, description: 'No valid API key, access token or admin secret was sent.' },
  FORBIDDEN: { status: 403, description: 'The caller is known but may not do this.' },
  BAD_USER_INPUT: { status: 400, description: 'An argument or the request itself is invalid; the message names what.' },
  NOT_FOUND: { status: 404, description: 'The thing named does not exist in this project.' },
  CONFLICT: { status: 409, description: 'The write lost a race, e.g. a stale `ifVersion`; re-read and retry.' },
  RATE_LIMITED: { status: 429, description: 'Too many requests per second for the plan; retry after `Retry-After` seconds.' },
  QUOTA_EXCEEDED: { status: 429, description: "A monthly quota of the project's plan is used up." },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The request or upload is larger than allowed.' },
  INTERNAL: { status: 500, description: 'Something failed on our side; the details are in the server logs, not here.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof errorCodes;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value);
}
