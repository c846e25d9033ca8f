import { Errors } from '@fedbase/errors';
import type { FieldDefinition } from '../collections/field-definition.ts';
import { resolveDocumentField, type DocumentField } from './document-field.ts';

export type SortDirection = 'ASC' | 'DESC';

/** One `orderBy` entry as the API takes it. */
export interface DocumentOrder {
  readonly field: string;
  readonly direction: SortDirection;
}

export interface SortKey {
  readonly field: DocumentField;
  readonly direction: SortDirection;
}

export const maxOrderByFields = 5;
export const defaultOrderBy: readonly DocumentOrder[] = [{ field: 'createdAt', direction: 'ASC' }];

/**
 * The sort keys a page is read in: the client's (createdAt ascending when none), then `id` in the
 * last key's direction so no two rows tie and keyset pagination never skips or repeats. Keys after
 * `id` can never decide anything and are dropped.
 */
export function normalizeOrderBy(fields: readonly FieldDefinition[], orderBy: readonly DocumentOrder[] | null | undefined): SortKey[] {
  const requested = orderBy && orderBy.length > 0 ? orderBy : defaultOrderBy;
  if (requested.length > maxOrderByFields) {
    throw Errors.badUserInput(`orderBy takes at most ${maxOrderByFields} fields (id is added as the last tie-breaker by itself).`, { field: 'orderBy' });
  }
  const keys: SortKey[] = [];
  for (const { field: name, direction } of requested) {
    const field = resolveDocumentField(fields, name, 'sort');
    if (direction !== 'ASC' && direction !== 'DESC') {
      throw Errors.badUserInput(`The direction for "${name}" in orderBy is ASC or DESC.`, { field: name });
    }
    if (keys.some((key) => key.field.name === name)) {
      throw Errors.badUserInput(`orderBy names "${name}" twice: keep one.`, { field: name });
    }
    keys.push({ field, direction });
    if (name === 'id') return keys;
  }
  keys.push({ field: resolveDocumentField(fields, 'id', 'sort'), direction: keys.at(-1)!.direction });
  return keys;
}

/** `ORDER BY` text: a missing value sorts as the largest, as PostgreSQL sorts NULL by default. */
export function orderBySql(keys: readonly SortKey[]): string {
  // PostgreSQL's own order: a missing value is the largest (last going up, first going down), so
  // one (<expr>, id) index serves both directions, read forwards or backwards. (NULLS LAST going
  // down made every DESC page sort all matching rows: 26 ms against 2.4 ms on 100k documents.)
  return keys.map(({ field, direction }) => `${field.sql} ${direction}`).join(', ');
}
