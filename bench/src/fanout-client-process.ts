import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { errorText } from './error-text.ts';
import type { ChildMessage, ClientStatus, OpenCommand, ParentMessage } from './fanout-messages.ts';

/**
 * A process holding graphql-ws subscribers of the gateway for subscription-fanout.ts, started by
 * startFanoutClients: each subscriber is its own WebSocket connection, as N apps would be. It
 * stamps every delivery on arrival and reports counts while the benchmark runs, latencies at the end.
 */
const send = (message: ChildMessage) => process.send?.(message);

interface Tick {
  sentAt: number;
  seq: number;
}

interface Subscriber {
  client: Client;
  /** The gateway acknowledged the connection (connection_ack). */
  acknowledged: boolean;
  /** The socket closed under it, or the subscription ended (error or complete). */
  ended: boolean;
  lastSeq: number;
}

const subscribers: Subscriber[] = [];
const latencies = new Map<number, number[]>();
const counts: Record<number, number> = {};
const closes: Record<string, number> = {};
const errors: ClientStatus['errors'] = {};
let openTimeouts = 0;
let errored = 0;
let completed = 0;
let eventErrors = 0;
let outOfOrder = 0;
let closing = false;
let changed = false;

const noteError = (what: string, error: unknown) => {
  changed = true;
  const text = errorText(error);
  const key = Object.keys(errors).length < 20 || errors[`${what}: ${text}`] ? `${what}: ${text}` : 'other';
  const entry = (errors[key] ??= { count: 0, firstAt: performance.timeOrigin + performance.now() });
  entry.count += 1;
};

function currentStatus(): ClientStatus {
  let connected = 0;
  let live = 0;
  let heardAny = 0;
  for (const s of subscribers) {
    if (s.acknowledged) connected += 1;
    if (s.acknowledged && !s.ended) live += 1;
    if (s.lastSeq !== Number.NEGATIVE_INFINITY) heardAny += 1;
  }
  return { subscribers: subscribers.length, connected, live, openTimeouts, closes, errored, completed, eventErrors, errors, heardAny, outOfOrder, counts };
}

/** Opens one subscriber; resolves once the gateway acknowledged it, it failed, or `timeoutMs` passed. */
function openSubscriber({ url, apiKey, query, timeoutMs }: OpenCommand): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      openTimeouts += 1;
      changed = true;
      resolve();
    }, timeoutMs);
    const settle = () => {
      clearTimeout(timer);
      resolve();
    };
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { 'x-api-key': apiKey },
      // Not lazy: a lazy client closes its socket (1000) once its only subscription ends, which
      // would read as the gateway closing it.
      lazy: false,
      // A dropped subscriber is a finding to report, not something to hide by reconnecting.
      retryAttempts: 0,
      on: {
        connected: () => {
          subscriber.acknowledged = true;
          changed = true;
          settle();
        },
        closed: (event) => {
          if (closing) return;
          subscriber.acknowledged = false;
          subscriber.ended = true;
          const { code, reason } = event as { code?: number; reason?: string };
          const key = `${code ?? '?'} ${reason ?? ''}`.trim();
          closes[key] = (closes[key] ?? 0) + 1;
          changed = true;
          settle();
        },
        error: (error) => noteError('socket', error),
      },
    });
    const subscriber: Subscriber = { client, acknowledged: false, ended: false, lastSeq: Number.NEGATIVE_INFINITY };
    subscribers.push(subscriber);
    client.subscribe<{ documentChanged?: { document?: { data?: Tick } } }>(
      { query },
      {
        next: (result) => {
          const receivedAt = performance.timeOrigin + performance.now();
          const tick = result.data?.documentChanged?.document?.data;
          if (!tick || result.errors) {
            eventErrors += 1;
            noteError('event', result.errors ?? result);
            return;
          }
          if (tick.seq <= subscriber.lastSeq) outOfOrder += 1;
          subscriber.lastSeq = Math.max(subscriber.lastSeq, tick.seq);
          counts[tick.seq] = (counts[tick.seq] ?? 0) + 1;
          let list = latencies.get(tick.seq);
          if (!list) latencies.set(tick.seq, (list = []));
          list.push(receivedAt - tick.sentAt);
          changed = true;
        },
        error: (error) => {
          if (closing) return;
          subscriber.ended = true;
          errored += 1;
          noteError('subscription', error);
          settle();
        },
        complete: () => {
          if (closing) return;
          subscriber.ended = true;
          completed += 1;
          changed = true;
        },
      },
    );
  });
}

async function open(command: OpenCommand): Promise<void> {
  for (let start = 0; start < command.count; start += command.batchSize) {
    const size = Math.min(command.batchSize, command.count - start);
    await Promise.all(Array.from({ length: size }, () => openSubscriber(command)));
  }
  send({ type: 'opened', status: currentStatus() });
}

// Counts go up at most every 50 ms: often enough to pace the events, rare enough to cost little.
const reporter = setInterval(() => {
  if (!changed) return;
  changed = false;
  send({ type: 'status', status: currentStatus() });
}, 50);

process.on('message', (message: ParentMessage) => {
  switch (message.type) {
    case 'open':
      void open(message);
      return;
    case 'collect':
      send({ type: 'collected', latencies: Object.fromEntries(latencies) });
      return;
    case 'close':
      closing = true;
      clearInterval(reporter);
      void Promise.all(subscribers.map(({ client }) => client.dispose())).finally(() => {
        send({ type: 'closed' });
        process.disconnect();
      });
      return;
  }
});
// The benchmark gone (crashed, killed): nothing left to report to.
process.on('disconnect', () => process.exit(0));
