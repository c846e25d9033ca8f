import type { ClientStatus } from './fanout-messages.ts';
import type { FanoutClients } from './start-fanout-clients.ts';

export interface WarmUpOptions {
  subscribers: number;
  /** Publishes one event; a failure is the caller's to note, never a throw. */
  publish: (seq: number) => Promise<unknown>;
  nextSeq: () => number;
  eventTimeoutMs: number;
}

/** Until `seq` reached every live subscriber, or nothing more of it arrived for 1.5 s. */
async function waitUntilSettled(live: FanoutClients, seq: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let before = -1;
  while (performance.now() < deadline) {
    if (await live.waitFor((s) => (s.counts[seq] ?? 0) >= s.live, 1_500)) return;
    const now = live.status().counts[seq] ?? 0;
    if (now === before) return;
    before = now;
  }
}

/**
 * Publishes until every live subscriber has heard an event. Each waits until it stopped
 * spreading: a new one every half second would pile deliveries up in front of 10,000 subscribers.
 */
export async function warmUp(live: FanoutClients, options: WarmUpOptions) {
  const { publish } = options;
  const started = performance.now();
  const deadline = started + 60_000 + options.subscribers * 5;
  let events = 0;
  let seq: number;
  let status: ClientStatus;
  do {
    seq = options.nextSeq();
    await publish(seq);
    events += 1;
    await waitUntilSettled(live, seq, options.eventTimeoutMs);
    status = live.status();
    // Nobody left to hear it: the run goes on to report that rather than warm up forever.
  } while (status.live > 0 && !(status.heardAny >= status.live && (status.counts[seq] ?? 0) >= status.live) && performance.now() < deadline);
  return { events, seconds: (performance.now() - started) / 1000, heardAll: status.live > 0 && status.heardAny >= status.live, heardAny: status.heardAny, listening: status.live };
}
