import { describe, expect, it, vi } from 'vitest';
import { startBus, type Transport } from './support/start-bus.ts';
import { take } from './support/take.ts';

// One suite, run over every transport: the in-process bus must behave exactly like Redis.
describe.each<Transport>(['in-process', 'redis'])('event bus (%s)', (transport) => {
  it('delivers a publish to every subscriber of the channel and to none of the others', async () => {
    const bus = startBus(transport);
    const first = bus.subscribe('posts.created');
    const second = bus.subscribe('posts.created');
    const other = bus.subscribe('posts.deleted');
    await Promise.all([first.ready, second.ready, other.ready]);

    await bus.publish('posts.created', { id: 1 });
    await bus.publish('posts.deleted', { id: 2 });

    expect(await take(first, 1)).toEqual([{ channel: 'posts.created', payload: { id: 1 } }]);
    expect(await take(second, 1)).toEqual([{ channel: 'posts.created', payload: { id: 1 } }]);
    expect(await take(other, 1)).toEqual([{ channel: 'posts.deleted', payload: { id: 2 } }]);
  });

  it('delivers every channel starting with a pattern stem to a pattern subscriber', async () => {
    const bus = startBus(transport);
    const data = bus.subscribe('data.*');
    await data.ready;

    await bus.publish('auth.login', 'ignored');
    await bus.publish('data.posts', 1);
    await bus.publish('data.posts.comments', 2);

    expect(await take(data, 2)).toEqual([
      { channel: 'data.posts', payload: 1 },
      { channel: 'data.posts.comments', payload: 2 },
    ]);
  });

  it('treats glob characters other than a trailing star as literal', async () => {
    const bus = startBus(transport);
    const literal = bus.subscribe('a?[b].*');
    await literal.ready;

    await bus.publish('ax[b].1', 'not a match');
    await bus.publish('a?[b].2', 'match');

    expect(await take(literal, 1)).toEqual([{ channel: 'a?[b].2', payload: 'match' }]);
  });

  it('stops delivering to a subscription after return() but keeps the others', async () => {
    const bus = startBus(transport);
    const leaving = bus.subscribe('news');
    const staying = bus.subscribe('news');
    await Promise.all([leaving.ready, staying.ready]);

    await leaving.return();
    await bus.publish('news', 'after');

    expect(await leaving.next()).toEqual({ done: true, value: undefined });
    expect(await take(staying, 1)).toEqual([{ channel: 'news', payload: 'after' }]);
  });

  it('ends a subscription, even one waiting for a message, when its AbortSignal aborts', async () => {
    const bus = startBus(transport);
    const controller = new AbortController();
    const subscription = bus.subscribe('news', { signal: controller.signal });
    await subscription.ready;

    const waiting = subscription.next();
    controller.abort();

    expect(await waiting).toEqual({ done: true, value: undefined });
  });

  it('keeps only the newest bufferSize messages for a slow consumer and counts the dropped ones', async () => {
    const bus = startBus(transport);
    const slow = bus.subscribe('ticks', { bufferSize: 3 });
    await slow.ready;

    for (let tick = 0; tick < 20; tick += 1) await bus.publish('ticks', tick);

    await vi.waitFor(() => expect(slow.dropped).toBe(17), { timeout: 2000 });
    expect((await take(slow, 3)).map((m) => m.payload)).toEqual([17, 18, 19]);
  });

  it('ends every iterator on close(), after the messages already buffered', async () => {
    const bus = startBus(transport);
    const idle = bus.subscribe('idle');
    const busy = bus.subscribe('busy');
    const probe = bus.subscribe('busy');
    await Promise.all([idle.ready, busy.ready]);
    await bus.publish('busy', 'buffered');
    // Both share one dispatch, so once the probe has it, `busy` holds it in its buffer.
    await take(probe, 1);

    const waiting = idle.next();
    await bus.close();

    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(await take(busy, 1)).toEqual([{ channel: 'busy', payload: 'buffered' }]);
    expect(await busy.next()).toEqual({ done: true, value: undefined });
    await expect(bus.publish('busy', 'late')).rejects.toThrow('closed');
  });

  it('refuses payloads that are not JSON and stars anywhere but at the end', async () => {
    const bus = startBus(transport);

    await expect(bus.publish('x', undefined)).rejects.toThrow('JSON');
    await expect(bus.publish('x.*', 1)).rejects.toThrow('pattern');
    expect(() => bus.subscribe('a*b')).toThrow('only at the end');
  });
});
