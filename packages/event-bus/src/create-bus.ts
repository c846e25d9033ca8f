import { createSubscription, type SubscriptionHandle } from './create-subscription.ts';
import type { EventBus, SubscribeOptions, Subscription } from './event-bus.ts';
import { assertValidTopic, isPattern } from './topic.ts';
import type { Transport, TransportListener } from './transport.ts';

export interface CreateBusOptions {
  /** Builds the medium, handing it the function that routes raw messages to local subscribers. */
  createTransport: (listener: TransportListener) => Transport;
  bufferSize: number;
  onError: (error: Error) => void;
}

interface Topic {
  handles: Set<SubscriptionHandle>;
  ready: Promise<void>;
}

/**
 * The transport-independent half of a bus: reference-counts topics so the transport listens once
 * per channel or pattern however many local subscribers share it, and fans messages out to them.
 */
export function createBus(options: CreateBusOptions): EventBus {
  const { bufferSize: defaultBufferSize, onError } = options;
  const topics = new Map<string, Topic>();
  let closed = false;

  const transport = options.createTransport((topic, channel, data) => {
    const entry = topics.get(topic);
    if (!entry) return; // a message already in flight when the last listener left
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch (error) {
      // Someone else wrote to our channel; one bad message must not end every subscription.
      onError(new Error(`Ignored a non-JSON message on "${channel}"`, { cause: error }));
      return;
    }
    // Subscribers share one decoded payload: cheaper than a parse each, and treated as read-only.
    for (const handle of entry.handles) handle.push({ channel, payload });
  });

  const release = (topic: string, handle: SubscriptionHandle): void => {
    const entry = topics.get(topic);
    if (!entry?.handles.delete(handle) || entry.handles.size > 0) return;
    topics.delete(topic);
    if (!closed) transport.unlisten(topic).catch(onError);
  };

  const subscribe = (topic: string, subscribeOptions: SubscribeOptions = {}): Subscription => {
    assertValidTopic(topic);
    const bufferSize = subscribeOptions.bufferSize ?? defaultBufferSize;
    if (!Number.isInteger(bufferSize) || bufferSize < 1) {
      throw new RangeError(`bufferSize must be a positive integer, got ${bufferSize}`);
    }
    if (closed || subscribeOptions.signal?.aborted) {
      const ready = closed ? Promise.reject(new Error('The event bus is closed')) : Promise.resolve();
      const handle = createSubscription({ ready, bufferSize, onLeave: () => {} });
      handle.end();
      return handle.subscription;
    }
    let entry = topics.get(topic);
    if (!entry) {
      entry = { handles: new Set(), ready: transport.listen(topic) };
      topics.set(topic, entry);
    }
    const handle: SubscriptionHandle = createSubscription({
      ready: entry.ready,
      bufferSize,
      signal: subscribeOptions.signal,
      onLeave: () => release(topic, handle),
    });
    entry.handles.add(handle);
    return handle.subscription;
  };

  return {
    async publish(channel, payload) {
      if (closed) throw new Error('The event bus is closed');
      assertValidTopic(channel);
      if (isPattern(channel)) throw new TypeError(`Cannot publish to the pattern "${channel}"`);
      const data = JSON.stringify(payload) as string | undefined;
      if (data === undefined) throw new TypeError('payload is not JSON-serialisable');
      await transport.publish(channel, data);
    },
    subscribe,
    ping: () => (closed ? Promise.resolve(false) : transport.ping()),
    async close() {
      if (closed) return;
      closed = true;
      for (const entry of topics.values()) for (const handle of entry.handles) handle.end();
      topics.clear();
      await transport.close();
    },
  };
}
