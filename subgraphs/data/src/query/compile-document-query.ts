import { Errors } from '@fedbase/errors';
import type { FieldDefinition } from '../collections/field-definition.ts';
import { compileAfterCursor } from './compile-after-cursor.ts';
import { compileWhere } from './compile-where.ts';
import { cursorFor, type CursorRow } from './cursor-for.ts';
import { decodeCursor } from './document-cursor.ts';
import { normalizeOrderBy, orderBySql, type DocumentOrder, type SortKey } from './normalize-order-by.ts';
import { SqlParams } from './sql-params.ts';

export { cursorFor, type CursorRow };

export const defaultPageSize = 20;
export const maxPageSize = 100;

export interface CompileDocumentQueryInput {
  /** the collection's declared fields: the only names `where` and `orderBy` may use, besides id, createdAt, updatedAt */
  fields: readonly FieldDefinition[];
  /** the `where` argument as the client sent it (JSON), checked here */
  where?: unknown;
  orderBy?: readonly DocumentOrder[] | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  /** the first free placeholder number: the caller's own values are $1..$(firstParam - 1) */
  firstParam: number;
}

export interface CompiledDocumentQuery {
  /** the filter alone, over the alias `d`: for totalCount */
  filterSql: string;
  /** the values of filterSql's placeholders, numbered from firstParam */
  filterParams: unknown[];
  /** the filter AND the position after the cursor: for the page (the same as filterSql without `after`) */
  pageSql: string;
  /** the values of pageSql's placeholders: filterParams followed by the cursor's */
  pageParams: unknown[];
  /** the ORDER BY list, ending in d.id */
  orderBySql: string;
  /** the page size asked for (default 20, at most 100) */
  first: number;
  /** first + 1: a row beyond the page means hasNextPage */
  limit: number;
  /** the ordering applied, id last: what cursorFor(row, orderBy) needs */
  orderBy: SortKey[];
  /** the edge cursor of a row of this page: cursorFor(row, orderBy) */
  cursorFor(row: CursorRow): string;
}

/**
 * A documents page as SQL text and parameters; it reads no database. Every value is a parameter;
 * field names are embedded only after being found among the collection's fields. Bad input is a
 * BAD_USER_INPUT naming the field or argument.
 */
export function compileDocumentQuery(input: CompileDocumentQueryInput): CompiledDocumentQuery {
  const keys = normalizeOrderBy(input.fields, input.orderBy);
  const first = pageSize(input.first);
  const params = new SqlParams(input.firstParam);
  const filterSql = compileWhere(input.where, input.fields, params);
  const filterParams = [...params.values];
  const pageSql =
    input.after === undefined || input.after === null
      ? filterSql
      : `${filterSql} AND ${compileAfterCursor(keys, decodeCursor(input.after, keys), params)}`;
  return {
    filterSql,
    filterParams,
    pageSql,
    pageParams: params.values,
    orderBySql: orderBySql(keys),
    first,
    limit: first + 1,
    orderBy: keys,
    cursorFor: (row) => cursorFor(row, keys),
  };
}

function pageSize(first: number | null | undefined): number {
  if (first === undefined || first === null) return defaultPageSize;
  if (!Number.isInteger(first) || first < 1) {
    throw Errors.badUserInput(`first is a page size from 1 to ${maxPageSize}, not ${first}.`, { field: 'first' });
  }
  // the documented contract is "at most 100": more is served as 100, not refused
  return Math.min(first, maxPageSize);
}
