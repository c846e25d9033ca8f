import type { FieldDefinition } from '../collections/field-definition.ts';
import { sqlStringLiteral } from './sql-string-literal.ts';

/**
 * The typed SQL value of a data field, shared by queries and expression indexes: the planner only
 * uses an index whose expression is the query's, so both must come from here.
 *
 * `column` is the jsonb column: `d.data` in queries, `data` in CREATE INDEX (which takes no alias;
 * the planner matches the column either way).
 *
 * A value of the wrong JSON type reads as NULL rather than failing the cast: one stray document
 * (or a row of another collection the planner reaches first) must not turn every filter on the
 * collection into a SQL error. STRING and DATETIME compare in the "C" collation: byte order is the
 * same on every server and on PGlite whatever their locale, and keeps ISO-8601 text order equal to
 * time order. Every function used is immutable, as index expressions require.
 */
export function fieldValueExpression(field: FieldDefinition, column = 'd.data'): string {
  const json = `${column}->${sqlStringLiteral(field.name)}`;
  const text = `${column}->>${sqlStringLiteral(field.name)}`;
  switch (field.type) {
    case 'STRING':
    case 'DATETIME':
      return `((CASE WHEN jsonb_typeof(${json}) = 'string' THEN ${text} END) COLLATE "C")`;
    case 'INT':
    case 'FLOAT':
      return `(CASE WHEN jsonb_typeof(${json}) = 'number' THEN (${text})::numeric END)`;
    case 'BOOLEAN':
      return `(CASE WHEN jsonb_typeof(${json}) = 'boolean' THEN (${text})::boolean END)`;
    case 'JSON':
      return `(${json})`;
  }
}
