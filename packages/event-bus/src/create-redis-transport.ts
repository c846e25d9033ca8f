import { Redis } from 'ioredis';
import { reportOutages } from '@fedbase/telemetry';
import { isPattern } from './topic.ts';
import type { Transport, TransportListener } from './transport.ts';

export interface RedisTransportOptions {
  url: string;
  prefix: string;
  connectionName: string;
  onError: (error: Error) => void;
  onReconnect: () => void;
}

// Redis patterns are globs; escape everything so only our trailing `*` is a wildcard.
const escapeGlob = (text: string): string => text.replace(/[\\*?[\]^-]/g, '\\$&');

/**
 * Redis pub/sub with one subscriber connection multiplexed over every topic and a separate
 * publisher (a subscribed connection cannot publish). ioredis reconnects with a bounded backoff
 * and, with `autoResubscribe`, re-issues SUBSCRIBE/PSUBSCRIBE for every live topic.
 *
 * A publish while Redis is away rejects within about a second instead of waiting in ioredis's
 * offline queue for the whole outage: the outbox relay marks a row published only once this
 * resolves, and retries what rejected, so a bounded failure loses nothing while an unbounded wait
 * would hold the relay's transaction. The queue stays on for the first connection, so publishes
 * at start-up wait for it. A SUBSCRIBE made during an outage waits instead, and goes out on
 * reconnection: the subscriber is then live as soon as Redis is.
 */
export function createRedisTransport(options: RedisTransportOptions, listener: TransportListener): Transport {
  const { url, prefix, connectionName, onError, onReconnect } = options;
  const subscriber = new Redis(url, { autoResubscribe: true, connectionName: `${connectionName}:sub`, maxRetriesPerRequest: null, connectTimeout: 2_000 });
  const publisher = new Redis(url, {
    connectionName: `${connectionName}:pub`,
    // Queued commands fail after two failed reconnection attempts (each bounded by connectTimeout).
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    // Bounds the wait on a Redis that accepted the connection but stopped answering.
    commandTimeout: 2_000,
  });
  reportOutages([subscriber, publisher], { onError, onReconnect });
  let subscriberWasReady = false;
  subscriber.once('ready', () => {
    subscriberWasReady = true;
  });
  // Redis pattern sent for each pattern topic, to map `pmessage` back without parsing.
  const patterns = new Map<string, string>();

  const toPattern = (topic: string): string => `${escapeGlob(prefix + topic.slice(0, -1))}*`;
  const strip = (channel: string): string | undefined =>
    channel.startsWith(prefix) ? channel.slice(prefix.length) : undefined;

  subscriber.on('message', (channel: string, data: string) => {
    const name = strip(channel);
    if (name !== undefined) listener(name, name, data);
  });
  subscriber.on('pmessage', (pattern: string, channel: string, data: string) => {
    const topic = patterns.get(pattern);
    const name = strip(channel);
    if (topic !== undefined && name !== undefined) listener(topic, name, data);
  });

  return {
    async publish(channel, data) {
      // After an outage the two connections come back independently: a message published before
      // this process's subscriber has resubscribed would never reach its own subscriptions. Refused
      // instead, so the outbox keeps the row and sends it once both are back.
      if (subscriberWasReady && subscriber.status !== 'ready') throw new Error('Redis subscriber reconnecting: publish later');
      await publisher.publish(prefix + channel, data);
    },
    async listen(topic) {
      if (!isPattern(topic)) return void (await subscriber.subscribe(prefix + topic));
      const pattern = toPattern(topic);
      patterns.set(pattern, topic);
      await subscriber.psubscribe(pattern);
    },
    async unlisten(topic) {
      if (!isPattern(topic)) return void (await subscriber.unsubscribe(prefix + topic));
      const pattern = toPattern(topic);
      patterns.delete(pattern);
      await subscriber.punsubscribe(pattern);
    },
    async ping() {
      // A subscriber not ready misses messages; the publisher's own PING tells the rest (it waits
      // for a first connection still being made, and fails within a bound while Redis is away).
      if (subscriber.status !== 'ready' || publisher.status === 'end' || publisher.status === 'close') return false;
      return publisher.ping().then(
        (reply) => reply === 'PONG',
        () => false,
      );
    },
    async close() {
      await Promise.all([quit(subscriber), quit(publisher)]);
    },
  };
}

// QUIT waits for the server; a connection that is down would wait for a reconnect, so cut it.
async function quit(connection: Redis): Promise<void> {
  if (connection.status !== 'ready') return connection.disconnect();
  await connection.quit().catch(() => connection.disconnect());
}
