/** A single byte range, inclusive; `null` means "send it all"; `unsatisfiable` means 416. */
export type RangeRequest = { start: number; end: number } | null | 'unsatisfiable';

/**
 * The `Range` header of a download (RFC 9110 §14): `bytes=a-b`, `bytes=a-` or `bytes=-n`. Several
 * ranges, other units or nonsense are answered with the whole file, which the RFC allows.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [, from, to] = match as unknown as [string, string, string];
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
