import { Errors } from '@fedbase/errors';

const maxPatterns = 20;
const maxPatternLength = 200;
// A topic, or a prefix of one followed by `*`; `*` alone (an empty prefix) matches every event.
const patternShape = /^[A-Za-z0-9_.:-]*\*?$/;

/** A webhook's `topics`: 1 to 20 exact topics or prefixes ending in `*`, or BAD_USER_INPUT naming the bad one. */
export function assertValidTopicPatterns(topics: readonly string[]): void {
  if (topics.length === 0 || topics.length > maxPatterns) {
    throw Errors.badUserInput(`A webhook listens to 1 to ${maxPatterns} topics; ${topics.length} were given.`, { field: 'topics' });
  }
  for (const pattern of topics) {
    if (pattern.length === 0 || pattern.length > maxPatternLength || !patternShape.test(pattern)) {
      throw Errors.badUserInput(
        `${JSON.stringify(pattern.slice(0, 80))} is not a topic pattern: use 1 to ${maxPatternLength} letters, digits, "_", ".", ":" or "-", ` +
          'optionally ending in "*" to match a prefix ("data.*"), or "*" alone for every event.',
        { field: 'topics', pattern: pattern.slice(0, maxPatternLength) },
      );
    }
  }
}

/** Whether `topic` is what `pattern` (a valid topic pattern) asks for. */
export function matchesTopicPattern(pattern: string, topic: string): boolean {
  return pattern.endsWith('*') ? topic.startsWith(pattern.slice(0, -1)) : topic === pattern;
}
