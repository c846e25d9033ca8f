import { computeAvailabilitySlo } from './availability-slo.ts';
import { createCounterRing } from './counter-ring.ts';
import { createKeyedHistograms } from './keyed-histograms.ts';
import * as counter from './sli-counters.ts';
import { computeLatencySlo, findSlowestFields, summarizeLatency } from './latency-summary.ts';
import type { SliSnapshot } from './sli-snapshot.ts';
import { DEFAULT_SLO_CONFIG, type SloConfig } from './slo-config.ts';
import { HORIZON_MS, LATENCY_WINDOW, WINDOW_MS, WINDOWS } from './sli-windows.ts';
import { computeWindowRates } from './window-rates.ts';

export interface SliRecorderOptions {
  /** The clock, in ms since the epoch; read once per observation and per snapshot. @default Date.now */
  now?: () => number;
  /**
   * Width of a counter bucket in seconds. Windows are whole buckets, so a window covers between
   * its length minus one bucket and its length. @default 10
   */
  bucketSeconds?: number;
  /**
   * Width of a latency-histogram bucket in seconds. Coarser than counter buckets because a
   * histogram is ~550 bytes per name per bucket; the 1 h latency window is then 59 to 60 min.
   * @default 60
   */
  histogramBucketSeconds?: number;
  /** Names kept per family (operations, subgraphs, fields); further names count as `other`. @default 500 */
  maxKeys?: number;
}

export type WebhookOutcome = 'succeeded' | 'failed' | 'dead';

/** Rolling-window SLIs of one gateway process. Every observe is O(1) and allocation-free once warm. */
export interface SliRecorder {
  /** One client request: its operation name, duration, and whether it succeeded. */
  observeRequest(operation: string, durationMs: number, ok: boolean): void;
  observeSubgraphFetch(subgraph: string, durationMs: number, ok: boolean): void;
  /** One resolved field, `Type.field`, as decoded from a subgraph's ftv1 trace. */
  observeField(typeField: string, durationMs: number, ok: boolean): void;
  observeAuth(ok: boolean): void;
  /** Called for every request, admitted (false) or throttled (true). */
  observeThrottle(throttled: boolean): void;
  /** One delivery attempt's outcome; `dead` is a failed last attempt. */
  observeWebhook(outcome: WebhookOutcome): void;
  snapshot(config?: SloConfig): SliSnapshot;
  /** Names held per family (`other` included), the bytes histograms hold, and the most they can. */
  stats(): {
    keys: { operations: number; subgraphs: number; fields: number };
    histogramBytes: number;
    histogramBytesLimit: number;
  };
}

export function createSliRecorder(options: SliRecorderOptions = {}): SliRecorder {
  const { now = Date.now, bucketSeconds = 10, histogramBucketSeconds = 60, maxKeys = 500 } = options;
  assertPositive('bucketSeconds', bucketSeconds);
  assertPositive('histogramBucketSeconds', histogramBucketSeconds);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new RangeError(`maxKeys must be a whole number, got ${maxKeys}`);

  const bucketMs = bucketSeconds * 1000;
  const counters = createCounterRing({ bucketMs, bucketCount: Math.ceil(HORIZON_MS / bucketMs), width: counter.COUNTER_COUNT });
  const histogramMs = histogramBucketSeconds * 1000;
  const histograms = { maxKeys, bucketMs: histogramMs, bucketCount: Math.ceil(WINDOW_MS[LATENCY_WINDOW] / histogramMs) };
  const operations = createKeyedHistograms(histograms);
  const subgraphs = createKeyedHistograms(histograms);
  const fields = createKeyedHistograms(histograms);

  // The rings assume time never goes back; a wall clock stepped back by NTP would otherwise zero
  // a bucket that holds newer data. Holding at the latest time seen costs a little accuracy instead.
  let latest = -Infinity;
  function time(): number {
    const t = now();
    if (t > latest) latest = t;
    return latest;
  }

  return {
    observeRequest(operation, durationMs, ok) {
      const t = time();
      counters.bump(t, counter.REQUESTS);
      if (!ok) counters.bump(t, counter.REQUEST_ERRORS);
      operations.observe(operation, durationMs, ok, t);
    },
    observeSubgraphFetch(subgraph, durationMs, ok) {
      subgraphs.observe(subgraph, durationMs, ok, time());
    },
    observeField(typeField, durationMs, ok) {
      fields.observe(typeField, durationMs, ok, time());
    },
    observeAuth(ok) {
      counters.bump(time(), ok ? counter.AUTH_SUCCEEDED : counter.AUTH_FAILED);
    },
    observeThrottle(throttled) {
      counters.bump(time(), throttled ? counter.THROTTLED : counter.ADMITTED);
    },
    observeWebhook(outcome) {
      const field =
        outcome === 'succeeded' ? counter.WEBHOOK_SUCCEEDED : outcome === 'dead' ? counter.WEBHOOK_DEAD : counter.WEBHOOK_FAILED;
      counters.bump(time(), field);
    },
    snapshot(config = DEFAULT_SLO_CONFIG) {
      const t = time();
      const { requests, failures, ...rates } = computeWindowRates(counters.sums(t, WINDOWS.map((w) => WINDOW_MS[w])));
      const latency = {
        window: LATENCY_WINDOW,
        operations: summarizeLatency(operations.totals(t)),
        subgraphs: summarizeLatency(subgraphs.totals(t)),
        fields: summarizeLatency(fields.totals(t)),
      };
      return {
        generatedAt: new Date(t).toISOString(),
        windows: [...WINDOWS],
        ...rates,
        latency,
        slo: {
          availability: computeAvailabilitySlo({ requests, failures }, config),
          latency: computeLatencySlo(latency.operations, config),
        },
        slowestFields: findSlowestFields(latency.fields),
      };
    },
    stats() {
      const families = [operations, subgraphs, fields];
      return {
        keys: { operations: operations.keyCount, subgraphs: subgraphs.keyCount, fields: fields.keyCount },
        histogramBytes: families.reduce((bytes, family) => bytes + family.bytesInUse, 0),
        histogramBytesLimit: families.reduce((bytes, family) => bytes + family.bytesLimit, 0),
      };
    },
  };
}

function assertPositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be a positive number of seconds, got ${value}`);
}
