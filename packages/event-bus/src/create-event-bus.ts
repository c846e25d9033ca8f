import { createBus } from './create-bus.ts';
import { createMemoryTransport } from './create-memory-transport.ts';
import { createRedisTransport } from './create-redis-transport.ts';
import type { EventBus } from './event-bus.ts';
import type { EventBusOptions } from './event-bus-options.ts';

/** An in-process bus when `redisUrl` is unset, Redis pub/sub across processes when it is set. */
export function createEventBus(options: EventBusOptions = {}): EventBus {
  const { redisUrl, prefix = '', bufferSize = 1000, onError = () => {}, onReconnect = () => {} } = options;
  const { connectionName = 'fedbase-event-bus' } = options;
  return createBus({
    bufferSize,
    onError,
    createTransport: (listener) =>
      redisUrl === undefined
        ? createMemoryTransport(listener)
        : createRedisTransport({ url: redisUrl, prefix, connectionName, onError, onReconnect }, listener),
  });
}
