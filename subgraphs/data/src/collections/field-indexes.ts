import { isUuid } from '@fedbase/db';
import type { FieldDefinition } from './field-definition.ts';
import { fieldValueExpression } from '../query/field-value-expression.ts';

/**
 * One partial expression index per typed field of a collection: `(value, id)` over that
 * collection's rows only, the shape a filtered, sorted, keyset-paginated page reads. Partial,
 * because the same field name may hold other types in other collections (a cast over every row
 * of the table would fail); the page query names the collection id literally so the planner
 * can match the index predicate.
 */
export function fieldIndexStatements(collectionId: string, fields: readonly FieldDefinition[]): string[] {
  if (!isUuid(collectionId)) throw new Error('a collection id must be a uuid');
  const compact = collectionId.replace(/-/g, '');
  return fields
    .map((field, index) => ({ field, index, expression: fieldValueExpression(field, 'data') }))
    .filter(({ field }) => field.type !== 'JSON')
    .flatMap(({ index, expression }) => [
      `CREATE INDEX "dx_${compact}_${index}" ON data.documents ((${expression}), id) WHERE collection_id = '${collectionId}'`,
      // PostgreSQL keeps no statistics for a partial index's expression, so without these it
      // guesses selectivities and, e.g., sorts a whole category instead of walking the price
      // index in order (18 ms against 0.34 ms for a page of 100k documents, bench/data-list).
      `CREATE STATISTICS "dxs_${compact}_${index}" ON (${expression}) FROM data.documents`,
    ]);
}
