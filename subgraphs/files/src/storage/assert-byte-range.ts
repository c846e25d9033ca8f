import type { ByteRange } from './object-store.ts';

/** Throws a RangeError unless `range` is whole, non-negative byte offsets with `start <= end`. */
export function assertByteRange({ start, end }: ByteRange): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`bytes ${start}-${end} is not a byte range: give whole offsets with 0 <= start <= end.`);
  }
}
