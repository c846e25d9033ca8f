import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REDIS_URL, startBus, uniquePrefix } from './support/start-bus.ts';
import { take } from './support/take.ts';

// Nothing listens on port 1: every connection attempt is refused at once, as during a restart.
const UNREACHABLE = 'redis://127.0.0.1:1';

// Behaviour only Redis has: several bus instances, the server's subscription table, prefixes.
describe('event bus over Redis', () => {
  let admin: Redis;
  beforeAll(() => {
    admin = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await admin.quit();
  });
  const subscribers = async (channel: string): Promise<number> => {
    const [, count] = (await admin.pubsub('NUMSUB', channel)) as [string, number];
    return count;
  };

  it('fans a message published on one instance out to subscribers on every instance', async () => {
    const prefix = uniquePrefix();
    const publisher = startBus('redis', { prefix });
    const other = startBus('redis', { prefix });
    const remote = other.subscribe('documents.changed');
    const local = publisher.subscribe('documents.*');
    await Promise.all([remote.ready, local.ready]);

    await publisher.publish('documents.changed', { id: 'd1' });

    const expected = [{ channel: 'documents.changed', payload: { id: 'd1' } }];
    expect(await take(remote, 1)).toEqual(expected);
    expect(await take(local, 1)).toEqual(expected);
  });

  it('subscribes once per channel and unsubscribes from Redis when the last local listener leaves', async () => {
    const prefix = uniquePrefix();
    const bus = startBus('redis', { prefix });
    const controller = new AbortController();
    const viaReturn = bus.subscribe('feed');
    const viaAbort = bus.subscribe('feed', { signal: controller.signal });
    await Promise.all([viaReturn.ready, viaAbort.ready]);
    expect(await subscribers(`${prefix}feed`)).toBe(1);

    await viaReturn.return();
    expect(await subscribers(`${prefix}feed`)).toBe(1);

    controller.abort();
    await vi.waitFor(async () => expect(await subscribers(`${prefix}feed`)).toBe(0), { timeout: 2000 });
    expect(await admin.pubsub('CHANNELS', `${prefix}*`)).toEqual([]);
  });

  it('resubscribes a channel a listener left and another joined at once', async () => {
    const bus = startBus('redis');
    await bus.subscribe('flap').return();
    const again = bus.subscribe('flap');
    await again.ready;

    await bus.publish('flap', 'still here');

    expect(await take(again, 1)).toEqual([{ channel: 'flap', payload: 'still here' }]);
  });

  it('keeps two stacks with different prefixes on one Redis apart', async () => {
    const stackA = startBus('redis', { prefix: uniquePrefix() });
    const stackB = startBus('redis', { prefix: uniquePrefix() });
    const inB = stackB.subscribe('users.*');
    await inB.ready;

    await stackA.publish('users.created', 'from A');
    await stackB.publish('users.created', 'from B');

    expect(await take(inB, 1)).toEqual([{ channel: 'users.created', payload: 'from B' }]);
  });

  it('keeps delivering after the subscriber connection is killed, thanks to ioredis resubscribing', async () => {
    const prefix = uniquePrefix();
    const connectionName = `test-${randomUUID()}`;
    const bus = startBus('redis', { prefix, connectionName });
    const live = bus.subscribe('live');
    await live.ready;

    // Kill only this bus's subscriber, not those of tests running beside it.
    const clients = (await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
    const id = /id=(\d+) [^\n]*name=(\S+)/g;
    const killed = [...clients.matchAll(id)].find((match) => match[2] === `${connectionName}:sub`);
    expect(await admin.client('KILL', 'ID', killed?.[1] ?? 'none')).toBe(1);
    await vi.waitFor(async () => expect(await subscribers(`${prefix}live`)).toBe(1), { timeout: 3000 });
    await bus.publish('live', 'after reconnect');

    expect(await take(live, 1)).toEqual([{ channel: 'live', payload: 'after reconnect' }]);
  });

  it('pings true while Redis answers, and false once the bus is closed', async () => {
    const bus = startBus('redis');
    await bus.subscribe('warm-up').ready;

    expect(await bus.ping()).toBe(true);
    await bus.close();
    expect(await bus.ping()).toBe(false);
  });

  it('rejects a publish within a bound while Redis is unreachable, so an outbox keeps the row and retries', async () => {
    const bus = startBus('redis', { redisUrl: UNREACHABLE });
    const started = performance.now();

    await expect(bus.publish('lost', 'nowhere')).rejects.toThrow();

    expect(performance.now() - started).toBeLessThan(3000);
    expect(await bus.ping()).toBe(false);
  });

  it('reports an unreachable Redis to onError once, however many reconnection attempts it takes', async () => {
    const errors: Error[] = [];
    const bus = startBus('redis', { redisUrl: UNREACHABLE, onError: (error) => errors.push(error) });
    const subscription = bus.subscribe('waiting');

    // ioredis retries after 50, 100, 150 ... ms: a dozen failed attempts on two connections.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/ECONNREFUSED/);
    await subscription.return();
  });
});

