import type { OtlpSink } from './start-otlp-sink.ts';

export interface WaitForSinkOptions {
  sink: OtlpSink;
  streams: readonly string[];
  /** Settled once no stream has received a span for this long: more than the export delay. */
  quietMs: number;
  maxWaitMs: number;
}

const pollMs = 250;

/**
 * Waits for the spans still buffered in the stacks' batch processors to arrive: each exports at
 * most every export delay, one batch at a time, so the last of a busy run can come seconds after
 * it. Resolves with whether the sink went quiet before `maxWaitMs`.
 */
export async function waitForSinkToSettle({ sink, streams, quietMs, maxWaitMs }: WaitForSinkOptions): Promise<boolean> {
  const total = () => streams.reduce((sum, stream) => sum + sink.counts(stream).spans, 0);
  const started = Date.now();
  let last = total();
  let changedAt = Date.now();
  while (Date.now() - changedAt < quietMs) {
    if (Date.now() - started >= maxWaitMs) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const now = total();
    if (now !== last) [last, changedAt] = [now, Date.now()];
  }
  return true;
}
