import { matchesTopic } from './topic.ts';
import type { Transport, TransportListener } from './transport.ts';

/** Delivers within this process only: the embedded mode, where one process holds every subscriber. */
export function createMemoryTransport(listener: TransportListener): Transport {
  const topics = new Set<string>();
  return {
    async publish(channel, data) {
      const targets = [...topics].filter((topic) => matchesTopic(topic, channel));
      // Deliver on a later tick, like Redis: a subscriber reacting to a message by publishing
      // must not re-enter the publisher's stack.
      queueMicrotask(() => {
        for (const topic of targets) listener(topic, channel, data);
      });
    },
    async listen(topic) {
      topics.add(topic);
    },
    async unlisten(topic) {
      topics.delete(topic);
    },
    async ping() {
      return true;
    },
    async close() {
      topics.clear();
    },
  };
}
