import { BrokenCircuitError, CircuitState, circuitBreaker, ConsecutiveBreaker, handleAll } from 'cockatiel';
import { Pool, errors as undiciErrors } from 'undici';

export interface SubgraphResilienceOptions {
  /** A fetch not answering within this (or stalling this long mid-answer) is abandoned, and counts as a failure. */
  timeoutMs: number;
  /** Consecutive failures that open the circuit. */
  breakerFailures: number;
  /** How long an open circuit fails fast before one request is let through to probe. */
  breakerCooldownMs: number;
}

/** A subgraph's answer, read whole. */
export interface SubgraphAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
}

export interface SubgraphFetcher {
  /** POSTs `body` to the subgraph's URL and reads the answer. */
  post(body: string, headers: Readonly<Record<string, string>>): Promise<SubgraphAnswer>;
  /** True while the circuit is open: fetches fail at once without reaching the subgraph. */
  isOpen(): boolean;
  /** Closes the kept-alive connections. */
  close(): Promise<void>;
}

/** Why a fetch to a subgraph produced no answer; the data source turns it into a client's error. */
export type SubgraphFailure = 'circuit-open' | 'timeout' | 'unreachable' | 'interrupted';

export interface SubgraphFetcherEvents {
  onOpen?: () => void;
  onClose?: () => void;
}

/**
 * The gateway's HTTP client for one subgraph: a pool of kept-alive connections (undici), a
 * timeout per fetch, and a circuit breaker around it. Connection failures, timeouts and 5xx
 * answers (a load balancer with no instance left) count as failures; after `breakerFailures` in a
 * row the circuit opens and fetches fail at once, so a subgraph that is down costs callers nothing
 * but an error naming it, and a struggling one is not buried under retries. After
 * `breakerCooldownMs` one fetch probes; its success closes the circuit. Nothing is retried: a
 * mutation sent once is never sent again.
 *
 * undici's own request API, not fetch: the nested query of bench/ makes a dozen fetches per
 * request, and fetch's WHATWG streams, Request/Response objects and an AbortController per call
 * (whose abort builds a DOMException with a stack trace) cost more gateway CPU than the query plan.
 */
export function createSubgraphFetcher(url: string, options: SubgraphResilienceOptions, events: SubgraphFetcherEvents = {}): SubgraphFetcher {
  const { origin, pathname, search } = new URL(url);
  const path = `${pathname}${search}`;
  // The timeouts are undici's timers (no AbortController per fetch): from the request written to
  // the answer's headers, and between two chunks of its body.
  const pool = new Pool(origin, { headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  const breaker = circuitBreaker(handleAll.orWhenResult((answer) => (answer as SubgraphAnswer).status >= 500), {
    halfOpenAfter: options.breakerCooldownMs,
    breaker: new ConsecutiveBreaker(options.breakerFailures),
  });
  if (events.onOpen) breaker.onBreak(events.onOpen);
  if (events.onClose) breaker.onReset(events.onClose);
  const send = async (body: string, headers: Readonly<Record<string, string>>): Promise<SubgraphAnswer> => {
    const response = await pool.request({ path, method: 'POST', headers, body });
    const contentType = response.headers['content-type'];
    return { status: response.statusCode, contentType: Array.isArray(contentType) ? contentType[0] : contentType, body: await response.body.text() };
  };
  return {
    post: (body, headers) => breaker.execute(() => send(body, headers)),
    isOpen: () => breaker.state === CircuitState.Open,
    close: () => pool.close(),
  };
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Classifies what a subgraph fetch threw; undefined for anything that is not about reaching it. */
export function subgraphFailureOf(error: unknown): SubgraphFailure | undefined {
  if (error instanceof BrokenCircuitError) return 'circuit-open';
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) return 'timeout';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && unreachableCodes.has(code)) return 'unreachable'; // nothing was sent
  // A connection that broke (reset, closed) with the request sent or half sent.
  if (error instanceof undiciErrors.UndiciError || (error instanceof Error && typeof (error as { syscall?: unknown }).syscall === 'string')) return 'interrupted';
  return undefined;
}

/** What a client reads in `errors` for the fields of a subgraph that could not answer. */
export function subgraphFailureMessage(subgraph: string, failure: SubgraphFailure, options: SubgraphResilienceOptions): string {
  switch (failure) {
    case 'circuit-open':
      return `The ${subgraph} service is unavailable (it failed ${options.breakerFailures} times in a row), so its fields are null in this answer. Retry in a few seconds.`;
    case 'timeout':
      return `The ${subgraph} service did not answer within ${options.timeoutMs} ms, so its fields are null in this answer (a mutation may or may not have been applied: read before retrying it).`;
    case 'unreachable':
      return `The ${subgraph} service could not be reached, so its fields are null in this answer. Retry in a few seconds.`;
    case 'interrupted':
      return `The connection to the ${subgraph} service broke before it answered, so its fields are null in this answer (a mutation may or may not have been applied: read before retrying it).`;
  }
}
