import { quantile } from './quantile.ts';

/** One published event: its seq, when the publisher stamped it, how long its mutation took. */
export interface SentEvent {
  readonly seq: number;
  readonly sentAt: number;
  readonly mutationMs: number;
}

export interface FanoutFigures {
  readonly events: number;
  /** Deliveries expected (events × subscribers listening when the phase began) and received. */
  readonly expected: number;
  readonly received: number;
  /** Events that some subscriber never received. */
  readonly incompleteEvents: number;
  /** Receive time minus `sentAt`, over every delivery, ms. */
  readonly latency: { p50: number; p95: number; p99: number; max: number };
  /** Per event, the latency of its first delivery: the path without the fan-out's spread, ms. */
  readonly first: { p50: number; p95: number };
  /** Per event, the latency of its last delivery (the time to reach every subscriber), ms. */
  readonly complete: { p50: number; p95: number; max: number };
  /** createDocument's round trip at the publisher, ms: part of every latency. */
  readonly mutation: { p50: number; p95: number };
  /** From the first event's `sentAt` to the last delivery. */
  readonly wallSeconds: number;
  readonly eventsPerSecond: number;
  readonly deliveriesPerSecond: number;
}

/**
 * Summarises the deliveries of `sent` (latencies by seq, as the subscriber processes collected
 * them) for `subscribers` listeners.
 */
export function summariseFanout(sent: readonly SentEvent[], latencies: ReadonlyMap<number, readonly number[]>, subscribers: number): FanoutFigures {
  const all: number[] = [];
  const firsts: number[] = [];
  const lasts: number[] = [];
  let incompleteEvents = 0;
  let lastArrival = Number.NEGATIVE_INFINITY;
  for (const { seq, sentAt } of sent) {
    const list = latencies.get(seq) ?? [];
    all.push(...list);
    const last = list.reduce((max, value) => Math.max(max, value), Number.NEGATIVE_INFINITY);
    const first = list.reduce((min, value) => Math.min(min, value), Number.POSITIVE_INFINITY);
    if (list.length < subscribers) incompleteEvents += 1;
    if (list.length > 0) {
      firsts.push(first);
      lasts.push(last);
      lastArrival = Math.max(lastArrival, sentAt + last);
    }
  }
  all.sort((a, b) => a - b);
  firsts.sort((a, b) => a - b);
  lasts.sort((a, b) => a - b);
  const mutations = sent.map(({ mutationMs }) => mutationMs).sort((a, b) => a - b);
  const firstSent = sent[0]?.sentAt ?? Number.NaN;
  const wallSeconds = (lastArrival - firstSent) / 1000;
  return {
    events: sent.length,
    expected: sent.length * subscribers,
    received: all.length,
    incompleteEvents,
    latency: { p50: quantile(all, 0.5), p95: quantile(all, 0.95), p99: quantile(all, 0.99), max: all.at(-1) ?? Number.NaN },
    first: { p50: quantile(firsts, 0.5), p95: quantile(firsts, 0.95) },
    complete: { p50: quantile(lasts, 0.5), p95: quantile(lasts, 0.95), max: lasts.at(-1) ?? Number.NaN },
    mutation: { p50: quantile(mutations, 0.5), p95: quantile(mutations, 0.95) },
    wallSeconds,
    eventsPerSecond: sent.length / wallSeconds,
    deliveriesPerSecond: all.length / wallSeconds,
  };
}
