import autocannon from 'autocannon';
import { quantile } from './quantile.ts';

export interface EndpointFigures {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly non2xx: number;
  /** 2xx responses whose body failed the check (e.g. a GraphQL error with status 200). */
  readonly wrongBodies: number;
  readonly errors: number;
  readonly timeouts: number;
}

export interface MeasureOptions {
  url: string;
  body: string;
  connections: number;
  durationSeconds: number;
  /** Sent with every request besides `content-type: application/json` (e.g. `x-api-key`, `authorization`). */
  headers?: Readonly<Record<string, string>>;
  /** True when a response body is the right answer. */
  isCorrectBody: (body: string) => boolean;
  /** A new body for every request instead of `body` (e.g. a document no cache has seen). */
  nextBody?: () => string;
}


/** Responses that were not the right answer: non-2xx, wrong bodies, socket errors and timeouts. */
export function wrongAnswers(figures: Pick<EndpointFigures, 'non2xx' | 'wrongBodies' | 'errors' | 'timeouts'>): number {
  return figures.non2xx + figures.wrongBodies + figures.errors + figures.timeouts;
}

/** One run's raw outcome, so that several runs of one target can be summarised together. */
export interface EndpointSample {
  readonly latenciesMs: readonly number[];
  readonly requests: number;
  /** Requests written, answered or not: those in flight when the run stopped reached the server too. */
  readonly sent: number;
  readonly durationSeconds: number;
  readonly non2xx: number;
  readonly wrongBodies: number;
  readonly errors: number;
  readonly timeouts: number;
}

/** Drives POST requests at a fixed number of connections for a fixed time and checks every body. */
export async function sampleEndpoint(options: MeasureOptions): Promise<EndpointSample> {
  const latenciesMs: number[] = [];
  const instance = autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
    ...(options.nextBody ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: options.nextBody!() }) }] } : {}),
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 10,
    // autocannon concatenates the body into a string before calling this.
    verifyBody: (body) => options.isCorrectBody(String(body)),
    setupClient: (client) => {
      client.on('response', (_statusCode, _bytes, responseTime) => {
        latenciesMs.push(responseTime);
      });
    },
  });
  const result = await instance;
  return {
    latenciesMs,
    requests: result.requests.total,
    sent: result.requests.sent,
    durationSeconds: result.duration,
    non2xx: result.non2xx,
    wrongBodies: result.mismatches,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/**
 * The figures of one target over all its runs. Percentiles come from every response's own latency
 * (autocannon's histogram has no p95, and percentiles of separate runs cannot be averaged).
 */
export function summarizeSamples(samples: readonly EndpointSample[]): EndpointFigures {
  const sorted = Float64Array.from(samples.flatMap((sample) => sample.latenciesMs)).sort();
  const total = (pick: (sample: EndpointSample) => number) => samples.reduce((sum, sample) => sum + pick(sample), 0);
  return {
    requests: total((s) => s.requests),
    requestsPerSecond: total((s) => s.requests) / total((s) => s.durationSeconds),
    p50Ms: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    non2xx: total((s) => s.non2xx),
    wrongBodies: total((s) => s.wrongBodies),
    errors: total((s) => s.errors),
    timeouts: total((s) => s.timeouts),
  };
}

/** One run of one target, summarised. */
export async function measureEndpoint(options: MeasureOptions): Promise<EndpointFigures> {
  return summarizeSamples([await sampleEndpoint(options)]);
}
