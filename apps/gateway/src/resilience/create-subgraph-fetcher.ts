import { BrokenCircuitError, CircuitState, circuitBreaker, ConsecutiveBreaker, handleAll, TaskCancelledError, timeout, TimeoutStrategy, wrap } from 'cockatiel';

export interface SubgraphResilienceOptions {
  /** A fetch that has not answered by then is abandoned (and counts as a failure). */
  timeoutMs: number;
  /** Consecutive failures that open the circuit. */
  breakerFailures: number;
  /** How long an open circuit fails fast before one request is let through to probe. */
  breakerCooldownMs: number;
}

export type SubgraphFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface SubgraphFetcher {
  readonly fetch: SubgraphFetch;
  /** True while the circuit is open: fetches fail at once without reaching the subgraph. */
  isOpen(): boolean;
}

/** Why a fetch to a subgraph produced no answer; the data source turns it into a client's error. */
export type SubgraphFailure = 'circuit-open' | 'timeout' | 'unreachable' | 'interrupted';

export interface SubgraphFetcherEvents {
  onOpen?: () => void;
  onClose?: () => void;
}

/**
 * The gateway's HTTP client for one subgraph: a timeout per fetch and a circuit breaker around it.
 * Connection failures, timeouts and 5xx answers (a load balancer with no instance left) count as
 * failures; after `breakerFailures` in a row the circuit opens and fetches fail at once, so a
 * subgraph that is down costs callers nothing but an error naming it, and a struggling one is not
 * buried under retries. After `breakerCooldownMs` one fetch probes; its success closes the circuit.
 */
export function createSubgraphFetcher(options: SubgraphResilienceOptions, events: SubgraphFetcherEvents = {}, base: SubgraphFetch = fetch): SubgraphFetcher {
  const breaker = circuitBreaker(handleAll.orWhenResult((response) => response instanceof Response && response.status >= 500), {
    halfOpenAfter: options.breakerCooldownMs,
    breaker: new ConsecutiveBreaker(options.breakerFailures),
  });
  if (events.onOpen) breaker.onBreak(events.onOpen);
  if (events.onClose) breaker.onReset(events.onClose);
  // Aggressive: the caller is answered at the deadline even if the socket lingers; the signal aborts it.
  const deadline = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
  const policy = wrap(breaker, deadline);
  return {
    // The body is read inside the deadline: cockatiel aborts the signal once the call settles, and a
    // slow body is as much a hung subgraph as a slow status line.
    fetch: (url, init) =>
      policy.execute(async ({ signal }) => {
        const response = await base(url, { ...init, signal });
        const body = await response.arrayBuffer();
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      }),
    isOpen: () => breaker.state === CircuitState.Open,
  };
}

/** Classifies what a subgraph fetch threw; undefined for anything that is not about reaching it. */
export function subgraphFailureOf(error: unknown): SubgraphFailure | undefined {
  // instanceof, not cockatiel's isTaskCancelledError: in 3.2.1 that one tests the wrong property.
  if (error instanceof BrokenCircuitError) return 'circuit-open';
  if (error instanceof TaskCancelledError) return 'timeout';
  // undici's `fetch failed` wraps the cause: refused (nothing was sent) or a connection that broke.
  if (error instanceof TypeError && error.message === 'fetch failed') {
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'unreachable' : 'interrupted';
  }
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
