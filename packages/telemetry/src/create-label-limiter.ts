const namePattern = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * Returns a function that passes the first `max` distinct valid names through and maps every
 * later one to `other` (and anonymous or malformed ones to `anonymous`/`other`), so clients
 * cannot blow up the metrics' label cardinality by sending random operation names.
 */
export function createLabelLimiter(max: number): (name: string | null | undefined) => string {
  const seen = new Set<string>();
  return (name) => {
    if (!name) return 'anonymous';
    if (!namePattern.test(name)) return 'other';
    if (seen.has(name)) return name;
    if (seen.size >= max) return 'other';
    seen.add(name);
    return name;
  };
}
