import type { CursorValue } from './document-cursor.ts';
import type { SortKey } from './normalize-order-by.ts';
import type { SqlParams } from './sql-params.ts';

/**
 * The rows after the cursor in the keys' order (a missing value sorts as the largest: last going
 * up, first going down):
 *   (k1 after v1) OR (k1 = v1 AND k2 after v2) OR ... OR (k1 = v1 AND ... AND id after vid)
 * Going up, "after" a present value includes the missing ones and nothing is after a missing
 * value but rows equal on it; going down, the missing ones come before every present value. It is
 * a position, not a snapshot: rows inserted since land before or after it, so no original row is
 * skipped or repeated.
 */
export function compileAfterCursor(keys: readonly SortKey[], values: readonly CursorValue[], params: SqlParams): string {
  const bound = keys.map((key, index) => {
    const value = values[index] ?? null;
    // numbers as text: numeric parses them exactly, a float8 parameter would round to 15 digits
    return value === null ? null : params.add(typeof value === 'number' ? String(value) : value, key.field.sqlType);
  });

  // The default createdAt, id order (and any other of NOT NULL columns in one direction) as a row
  // comparison, which PostgreSQL turns into one index range instead of an OR of scans.
  const columnsOnly = keys.every(({ field }) => !field.nullable);
  if (columnsOnly && keys.every(({ direction }) => direction === keys[0]!.direction)) {
    const op = keys[0]!.direction === 'ASC' ? '>' : '<';
    return `((${keys.map(({ field }) => field.sql).join(', ')}) ${op} (${bound.join(', ')}))`;
  }

  const terms: string[] = [];
  const equalSoFar: string[] = [];
  keys.forEach(({ field, direction }, index) => {
    const placeholder = bound[index];
    if (placeholder) {
      const beyond = `${field.sql} ${direction === 'ASC' ? '>' : '<'} ${placeholder}`;
      terms.push([...equalSoFar, field.nullable && direction === 'ASC' ? `(${field.sql} IS NULL OR ${beyond})` : beyond].join(' AND '));
      equalSoFar.push(`${field.sql} = ${placeholder}`);
    } else {
      // Going down, every present value comes after the missing ones; going up, none does.
      if (direction === 'DESC') terms.push([...equalSoFar, `${field.sql} IS NOT NULL`].join(' AND '));
      equalSoFar.push(`${field.sql} IS NULL`);
    }
  });
  const chain = `(${terms.map((term) => `(${term})`).join(' OR ')})`;
  // The OR-chain says which rows come after the cursor but gives the planner no range to start an
  // index scan from, so a deep page read and dropped every row before it (20 ms at page 51 of
  // 100k documents). Going down from a present value, every row after it is <= that value: a
  // redundant bound the index can start at (0.2 ms).
  const [first] = keys;
  const firstBound = bound[0];
  if (first && firstBound && first.direction === 'DESC') return `(${chain} AND ${first.field.sql} <= ${firstBound})`;
  return chain;
}
