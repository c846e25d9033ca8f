import { Errors } from '@fedbase/errors';

/**
 * Topic prefixes of the system's own events: only Fedbase publishes them. `audit.` is the audit
 * log's: a published one would be appended to the chain as a privileged action nobody did.
 */
export const systemTopicPrefixes = ['identity.', 'data.', 'files.', 'events.', 'billing.', 'audit.'] as const;

const topicPattern = /^[A-Za-z0-9_.:-]{1,200}$/;

/** A topic to publish on: letters, digits and `_ . : -`, not a system topic. */
export function assertPublishableTopic(topic: string): void {
  if (!topicPattern.test(topic)) {
    throw Errors.badUserInput('A topic is 1 to 200 letters, digits, "_", ".", ":" or "-" (no "*": that is for subscribing).', { field: 'topic' });
  }
  if (systemTopicPrefixes.some((prefix) => topic.startsWith(prefix))) {
    throw Errors.forbidden(`Topics starting with ${systemTopicPrefixes.join(', ')} are Fedbase's own events: publish on a topic of your own, such as "app.${topic}".`);
  }
}

/** A topic or a prefix pattern ending in `*` (`orders.*`, or `*` for everything) to read or subscribe to. */
export function assertTopicFilter(topic: string): void {
  const exact = topic.endsWith('*') ? topic.slice(0, -1) : topic;
  if (exact !== '' && !topicPattern.test(exact)) {
    throw Errors.badUserInput('A topic is letters, digits, "_", ".", ":" or "-", optionally ending in "*" to match a prefix.', { field: 'topic' });
  }
}

/**
 * Whether a filter can match a system event. System events carry other subgraphs' data (documents,
 * users) without their access rules, so only the secret key may read them.
 */
export function reachesSystemTopics(topic: string): boolean {
  if (!topic.endsWith('*')) return systemTopicPrefixes.some((prefix) => topic.startsWith(prefix));
  const prefix = topic.slice(0, -1);
  return systemTopicPrefixes.some((system) => system.startsWith(prefix) || prefix.startsWith(system));
}
