import { summariseFanout, type FanoutFigures, type SentEvent } from './fanout-figures.ts';
import type { ClientStatus } from './fanout-messages.ts';
import { startCpuMeter, type PhaseCpu } from './cpu-meter.ts';
import { sampleUsage, type UsageSample } from './process-usage.ts';
import { wallClock } from './publish-tick.ts';
import { startFanoutClients, type FanoutClients } from './start-fanout-clients.ts';
import { warmUp } from './warm-up-subscribers.ts';

export interface FanoutOptions {
  subscribers: number;
  clientProcesses: number;
  /** The gateway's `ws://…/graphql`. */
  wsUrl: string;
  publishableKey: string;
  query: string;
  publish: (seq: number) => Promise<SentEvent>;
  /** Seqs grow across runs, so a late delivery of one run can never count in the next. */
  nextSeq: () => number;
  /** The stack's processes by name; their usage is sampled around each phase. */
  stackPids: Readonly<Record<string, number>>;
  /** Subscribers opening at once, over all subscriber processes. */
  batchSize: number;
  /** Events sent one at a time, each once the previous one reached every subscriber. */
  events: number;
  gapMs: number;
  eventTimeoutMs: number;
  /** Events sent back to back (each as soon as the previous mutation answered). */
  burstEvents: number;
  log: (line: string) => void;
}

export interface PhaseFigures extends FanoutFigures {
  readonly publishFailures: number;
  /** Events whose wait for the last subscriber timed out (steady phase). */
  readonly timedOut: number;
  readonly cpu: PhaseCpu;
}

export interface FanoutRun {
  readonly subscribers: number;
  readonly clientProcesses: number;
  readonly openSeconds: number;
  readonly opened: ClientStatus;
  readonly warmup: { events: number; seconds: number; heardAll: boolean; heardAny: number; listening: number };
  readonly steady: PhaseFigures;
  readonly burst: PhaseFigures;
  /** The subscribers' state after the last event, before they were closed. */
  readonly end: ClientStatus;
  readonly usage: { before: UsageSample; subscribed: UsageSample; measured: UsageSample; released: UsageSample };
  /** Until the gateway's open descriptors were back to where they were before; null if they never were. */
  readonly releaseSeconds: number | null;
  /** Every failed publish's error (warm-up included), first five kept. */
  readonly publishErrors: readonly string[];
  readonly publishFailures: number;
  /** When each phase began (wall clock, ms), to place the errors' first sightings. */
  readonly phases: ReadonlyArray<{ name: string; startedAt: number }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until the gateway's open descriptors are back to `baseline` (a few of slack), or null after a minute. */
async function waitForRelease(gatewayPid: number | undefined, baseline: number | undefined): Promise<number | null> {
  const started = performance.now();
  while (gatewayPid !== undefined && baseline !== undefined && performance.now() - started < 60_000) {
    const fds = sampleUsage({ gateway: gatewayPid })['gateway']?.fds;
    // The shared socket to the data subgraph and HTTP keep-alives come and go.
    if (fds !== undefined && fds <= baseline + 5) return (performance.now() - started) / 1000;
    await sleep(250);
  }
  return null;
}

/**
 * One fan-out run: opens `subscribers` graphql-ws subscribers of the gateway, warms them up until
 * each has heard an event, measures events one at a time and then a burst, and closes them
 * again, waiting for the gateway to let go of the sockets.
 */
export async function measureFanout(options: FanoutOptions): Promise<FanoutRun> {
  const { subscribers, log, stackPids } = options;
  const logDrops = (status: ClientStatus) => {
    if (status.live >= subscribers) return;
    log(`  ${subscribers - status.live} of ${subscribers} subscribers are no longer live; errors so far:`);
    for (const [text, { count }] of Object.entries(status.errors)) log(`    ${count} × ${text}`);
  };
  const publishErrors: string[] = [];
  const phases: { name: string; startedAt: number }[] = [];
  const phase = (name: string) => phases.push({ name, startedAt: wallClock() });
  let clients: FanoutClients | undefined;
  try {
    const before = sampleUsage(stackPids);
    clients = await startFanoutClients(options.clientProcesses);
    const live = clients;
    const pids = { ...stackPids, ...live.pids, bench: process.pid };

    log(`opening ${subscribers} subscribers, ${options.batchSize} at a time, over ${options.clientProcesses} subscriber process(es)...`);
    phase('opening');
    const openStarted = performance.now();
    const opened = await live.open({ url: options.wsUrl, apiKey: options.publishableKey, query: options.query, count: subscribers, batchSize: options.batchSize, timeoutMs: 30_000 });
    const openSeconds = (performance.now() - openStarted) / 1000;
    log(`  ${opened.connected} connected in ${openSeconds.toFixed(1)} s (${opened.openTimeouts} open timeouts, ${opened.errored} errored)`);
    // A failed publish is a finding to report (with the others), not a reason to stop.
    const publishOrNote = async (seq: number, sent: SentEvent[] = []) => {
      try {
        sent.push(await options.publish(seq));
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        if (publishErrors.length === 0) log(`  a publish failed: ${text.slice(0, 500)}`);
        publishErrors.push(text);
      }
    };
    phase('warm-up');
    const warmup = await warmUp(live, { ...options, publish: publishOrNote });
    log(`  warm-up: ${warmup.events} event${warmup.events === 1 ? '' : 's'} in ${warmup.seconds.toFixed(1)} s; ${warmup.heardAny} of ${warmup.listening} live subscribers heard one`);
    const subscribed = sampleUsage(stackPids);

    const { listening } = warmup;
    // A subscriber that dropped out cannot be waited for.
    const reached = (seq: number) => (s: ClientStatus) => (s.counts[seq] ?? 0) >= Math.min(listening, s.live);

    log(`  ${options.events} events one at a time (each after the previous reached every subscriber, then ${options.gapMs} ms)...`);
    const steadySent: SentEvent[] = [];
    let timedOut = 0;
    phase('one at a time');
    const steadyCpu = startCpuMeter(pids);
    for (let index = 0; index < options.events; index += 1) {
      const seq = options.nextSeq();
      await publishOrNote(seq, steadySent);
      if (!(await live.waitFor(reached(seq), options.eventTimeoutMs))) timedOut += 1;
      await sleep(options.gapMs);
    }
    const steadyCpuFigures = steadyCpu();
    logDrops(live.status());

    log(`  a burst of ${options.burstEvents} events back to back...`);
    const burstSent: SentEvent[] = [];
    phase('burst');
    const burstCpu = startCpuMeter(pids);
    for (let index = 0; index < options.burstEvents; index += 1) await publishOrNote(options.nextSeq(), burstSent);
    const burstDone = await live.waitFor((s) => burstSent.every(({ seq }) => reached(seq)(s)), 60_000 + options.burstEvents * subscribers);
    const burstCpuFigures = burstCpu();

    const end = live.status();
    logDrops(end);
    const measured = sampleUsage(stackPids);
    const latencies = await live.collect();
    const steady = { ...summariseFanout(steadySent, latencies, subscribers), publishFailures: options.events - steadySent.length, timedOut, cpu: steadyCpuFigures };
    const burst = { ...summariseFanout(burstSent, latencies, subscribers), publishFailures: options.burstEvents - burstSent.length, timedOut: burstDone ? 0 : 1, cpu: burstCpuFigures };

    log('  closing the subscribers...');
    phase('closing');
    await live.close();
    clients = undefined;
    phase('closed');
    const releaseSeconds = await waitForRelease(stackPids['gateway'], before['gateway']?.fds);
    const released = sampleUsage(stackPids);
    return { subscribers, clientProcesses: options.clientProcesses, openSeconds, opened, warmup, steady, burst, end, usage: { before, subscribed, measured, released }, releaseSeconds, publishErrors: publishErrors.slice(0, 5), publishFailures: publishErrors.length, phases };
  } finally {
    await clients?.close();
  }
}
