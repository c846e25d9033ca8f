import type { SliSnapshot } from '@fedbase/slo';

/** What the gateway's `/slis` serves: the recorder's snapshot and what it could not read. */
export type Slis = SliSnapshot & {
  /** Sources missing from this answer, said for people ("Webhook rates are missing: ..."). */
  warnings?: string[];
};

export type SlisResult =
  | { kind: 'ok'; slis: Slis }
  /**
   * 401: the secret is missing or wrong; 403: the gateway has no ADMIN_SECRET and serves no
   * SLIs to anyone. Retrying the same secret cannot help either way.
   */
  | { kind: 'refused'; status: 401 | 403; message: string }
  /** Anything else: worth retrying, with the last figures kept on screen. */
  | { kind: 'failed'; message: string };

export interface FetchSlisOptions {
  /** Aborted when the page stops refreshing (the secret was forgotten or replaced). */
  signal: AbortSignal;
  /** @default 8000, under the 10 s refresh so two requests never overlap */
  timeoutMs?: number;
}

/** `GET /slis` on the page's own origin with the admin secret; never throws. */
export async function fetchSlis(secret: string, options: FetchSlisOptions): Promise<SlisResult> {
  const { signal, timeoutMs = 8000 } = options;
  let response: Response;
  try {
    response = await fetch('/slis', {
      headers: { 'x-admin-secret': secret, accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return {
      kind: 'failed',
      message: timedOut
        ? `the gateway did not answer within ${timeoutMs / 1000} s`
        : 'the gateway could not be reached',
    };
  }
  if (response.status === 401 || response.status === 403) {
    const fallback =
      response.status === 401 ? 'the admin secret was refused' : 'no ADMIN_SECRET is set';
    return {
      kind: 'refused',
      status: response.status,
      message: (await errorOf(response)) ?? fallback,
    };
  }
  if (!response.ok) {
    const detail = await errorOf(response);
    return {
      kind: 'failed',
      message: `/slis answered ${response.status}${detail ? `: ${detail}` : ''}`,
    };
  }
  try {
    return { kind: 'ok', slis: (await response.json()) as Slis };
  } catch {
    return { kind: 'failed', message: '/slis did not answer JSON' };
  }
}

// The gateway answers its own errors as `{ "error": "..." }`.
async function errorOf(response: Response): Promise<string | undefined> {
  const body: unknown = await response.json().catch(() => undefined);
  const error =
    typeof body === 'object' && body !== null && 'error' in body ? body.error : undefined;
  return typeof error === 'string' && error !== '' ? error : undefined;
}
