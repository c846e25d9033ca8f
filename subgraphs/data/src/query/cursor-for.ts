import { encodeCursor, type CursorValue } from './document-cursor.ts';
import type { DocumentField } from './document-field.ts';
import type { SortKey } from './normalize-order-by.ts';

/** What a cursor needs of a document: as DocumentRecord has it. */
export interface CursorRow {
  readonly id: string;
  readonly data: unknown;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The edge cursor of `row` in a page read in `orderBy`: the compiled query's `orderBy`, id last. */
export function cursorFor(row: CursorRow, orderBy: readonly SortKey[]): string {
  return encodeCursor(orderBy, orderBy.map(({ field }) => sortValue(row, field)));
}

/** The value the field's SQL expression reads from this row: a value of the wrong type reads as null there too. */
function sortValue(row: CursorRow, field: DocumentField): CursorValue {
  switch (field.kind) {
    case 'ID':
      return row.id;
    case 'TIMESTAMP':
      return (field.name === 'createdAt' ? row.createdAt : row.updatedAt).toISOString();
    default: {
      const data = row.data;
      const value = data !== null && typeof data === 'object' && Object.hasOwn(data, field.name) ? (data as Record<string, unknown>)[field.name] : null;
      const expected = { STRING: 'string', DATETIME: 'string', INT: 'number', FLOAT: 'number', BOOLEAN: 'boolean', JSON: 'never' }[field.kind];
      return typeof value === expected ? (value as CursorValue) : null;
    }
  }
}
