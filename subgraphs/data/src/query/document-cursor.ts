import { createHash } from 'node:crypto';
import { Errors } from '@fedbase/errors';
import type { SortKey } from './normalize-order-by.ts';
import { parseIsoDateTime } from './parse-iso-date-time.ts';
import { uuidPattern } from './uuid-pattern.ts';

/** A sort key's value in a cursor: as the SQL expression reads it, null where the field is missing. */
export type CursorValue = string | number | boolean | null;

/**
 * Names the ordering a cursor was made for, so one from another ordering is refused instead of
 * silently starting at a wrong place.
 */
function orderFingerprint(keys: readonly SortKey[]): string {
  const ordering = keys.map(({ field, direction }) => `${field.name}:${field.kind}:${direction}`).join(',');
  return createHash('sha256').update(ordering).digest('base64url').slice(0, 12);
}

/** The cursor after a row whose sort key values are `values` (one per key, id last): base64url JSON. */
export function encodeCursor(keys: readonly SortKey[], values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify({ o: orderFingerprint(keys), v: values }), 'utf8').toString('base64url');
}

/** The sort key values in `cursor`, checked against `keys`; BAD_USER_INPUT when it is not one of ours. */
export function decodeCursor(cursor: string, keys: readonly SortKey[]): CursorValue[] {
  const malformed = () =>
    Errors.badUserInput('The cursor is not one this API made: pass pageInfo.endCursor from the previous page unchanged.', { field: 'after' });
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw malformed();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  if (decoded === null || typeof decoded !== 'object' || !('o' in decoded) || !('v' in decoded)) throw malformed();
  const { o, v } = decoded;
  if (typeof o !== 'string' || !Array.isArray(v)) throw malformed();
  if (o !== orderFingerprint(keys)) {
    throw Errors.badUserInput(
      'The cursor belongs to another orderBy: pass the orderBy of the page it came from, or start again without after.',
      { field: 'after' },
    );
  }
  if (v.length !== keys.length || !keys.every((key, index) => fits(key, v[index]))) throw malformed();
  return v as CursorValue[];
}

function fits({ field }: SortKey, value: unknown): boolean {
  if (value === null) return field.nullable;
  switch (field.kind) {
    case 'STRING':
    case 'DATETIME':
      return typeof value === 'string';
    case 'INT':
    case 'FLOAT':
      return typeof value === 'number' && Number.isFinite(value);
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'ID':
      return typeof value === 'string' && uuidPattern.test(value);
    case 'TIMESTAMP':
      return typeof value === 'string' && parseIsoDateTime(value) !== null;
    case 'JSON':
      return false;
  }
}
