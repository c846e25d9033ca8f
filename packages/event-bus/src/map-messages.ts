import type { BusMessage, Subscription } from './event-bus.ts';

/**
 * The messages of a subscription, each turned into a value or skipped (`undefined`): what a
 * GraphQL subscription resolver returns. An iterator object rather than an async generator, because
 * a generator's `return()` before its first `next()` would not run its cleanup, and graphql-ws
 * returns subscriptions that soon: `return()` here always releases the bus subscription.
 */
export function mapMessages<T>(subscription: Subscription, transform: (message: BusMessage) => T | undefined): AsyncIterableIterator<T> {
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      for (;;) {
        const result = await subscription.next();
        if (result.done) return { done: true, value: undefined };
        const value = transform(result.value);
        if (value !== undefined) return { done: false, value };
      }
    },
    async return() {
      await subscription.return();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
