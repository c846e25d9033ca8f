/** Patterns are topics ending in `*`; it is the only wildcard, so behaviour is the same on every transport. */
export function isPattern(topic: string): boolean {
  return topic.endsWith('*');
}

/** Throws unless `*` appears at most once and only at the end. */
export function assertValidTopic(topic: string): void {
  const star = topic.indexOf('*');
  if (topic.length === 0 || (star !== -1 && star !== topic.length - 1)) {
    throw new TypeError(`Invalid channel or pattern "${topic}": "*" is allowed only at the end`);
  }
}

/** Whether `channel` is delivered to subscribers of `topic`. */
export function matchesTopic(topic: string, channel: string): boolean {
  return isPattern(topic) ? channel.startsWith(topic.slice(0, -1)) : channel === topic;
}
