import { Redis } from 'ioredis';
import { isPattern } from './topic.ts';
import type { Transport, TransportListener } from './transport.ts';

export interface RedisTransportOptions {
  url: string;
  prefix: string;
  connectionName: string;
  onError: (error: Error) => void;
}

// Redis patterns are globs; escape everything so only our trailing `*` is a wildcard.
const escapeGlob = (text: string): string => text.replace(/[\\*?[\]^-]/g, '\\$&');

/**
 * Redis pub/sub with one subscriber connection multiplexed over every topic and a separate
 * publisher (a subscribed connection cannot publish). ioredis reconnects and, with
 * `autoResubscribe`, re-issues SUBSCRIBE/PSUBSCRIBE for every live topic.
 */
export function createRedisTransport(options: RedisTransportOptions, listener: TransportListener): Transport {
  const { url, prefix, connectionName, onError } = options;
  const subscriber = new Redis(url, { autoResubscribe: true, connectionName: `${connectionName}:sub` });
  const publisher = new Redis(url, { connectionName: `${connectionName}:pub` });
  subscriber.on('error', onError);
  publisher.on('error', onError);
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
