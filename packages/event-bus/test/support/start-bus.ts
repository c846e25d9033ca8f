import { randomUUID } from 'node:crypto';
import { onTestFinished } from 'vitest';
import { createEventBus, type EventBus, type EventBusOptions } from '../../src/index.ts';

export const REDIS_URL = 'redis://127.0.0.1:6379';

export type Transport = 'in-process' | 'redis';

/** A prefix no other test or run shares, so tests on the one Redis cannot hear each other. */
export const uniquePrefix = (): string => `test:${randomUUID()}:`;

/** Starts a bus that is closed when the current test finishes. */
export function startBus(transport: Transport, options: EventBusOptions = {}): EventBus {
  const bus = createEventBus({
    ...(transport === 'redis' ? { redisUrl: REDIS_URL, prefix: uniquePrefix() } : {}),
    ...options,
  });
  onTestFinished(() => bus.close());
  return bus;
}
