import autocannon from 'autocannon';

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
  /** True when a response body is the right answer. */
  isCorrectBody: (body: string) => boolean;
}

/** The value at quantile `q` of ascending `sorted` (nearest rank). */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * Drives POST requests at a fixed number of connections for a fixed time and checks every body.
 * Percentiles come from every response's own latency (autocannon's histogram has no p95).
 */
export async function measureEndpoint(options: MeasureOptions): Promise<EndpointFigures> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: options.body,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 10,
    // autocannon concatenates the body into a string before calling this.
    verifyBody: (body) => options.isCorrectBody(String(body)),
    setupClient: (client) => {
      client.on('response', (_statusCode, _bytes, responseTime) => {
        latencies.push(responseTime);
      });
    },
  });
  const result = await instance;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    non2xx: result.non2xx,
    wrongBodies: result.mismatches,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
