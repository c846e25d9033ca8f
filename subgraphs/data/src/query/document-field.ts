import { Errors } from '@fedbase/errors';
import type { FieldDefinition, FieldType } from '../collections/field-definition.ts';
import { fieldValueExpression } from './field-value-expression.ts';

/** A data field's type, or one of the document's own columns: its uuid id and its timestamps. */
export type DocumentFieldKind = FieldType | 'ID' | 'TIMESTAMP';

/** Something `where` and `orderBy` can name: a declared data field or a document column. */
export interface DocumentField {
  /** as the client names it */
  readonly name: string;
  readonly kind: DocumentFieldKind;
  /** its value as SQL over the table alias `d` */
  readonly sql: string;
  /** what a bound value is cast to, so the comparison is on the indexed expression's type */
  readonly sqlType: 'text' | 'numeric' | 'boolean' | 'jsonb' | 'uuid' | 'timestamptz';
  /** columns are NOT NULL; a data field may be missing */
  readonly nullable: boolean;
}

const documentColumns: readonly DocumentField[] = [
  { name: 'id', kind: 'ID', sql: 'd.id', sqlType: 'uuid', nullable: false },
  { name: 'createdAt', kind: 'TIMESTAMP', sql: 'd.created_at', sqlType: 'timestamptz', nullable: false },
  { name: 'updatedAt', kind: 'TIMESTAMP', sql: 'd.updated_at', sqlType: 'timestamptz', nullable: false },
];

const sqlTypes = { STRING: 'text', DATETIME: 'text', INT: 'numeric', FLOAT: 'numeric', BOOLEAN: 'boolean', JSON: 'jsonb' } as const;

/**
 * The field `name` refers to in `where` ("filter") or `orderBy` ("sort"), or BAD_USER_INPUT listing
 * the names that would do. The document's columns win over a data field of the same name, which
 * collections refuse to declare anyway. Names are only embedded in SQL after this lookup.
 */
export function resolveDocumentField(fields: readonly FieldDefinition[], name: string, use: 'filter' | 'sort'): DocumentField {
  const column = documentColumns.find((candidate) => candidate.name === name);
  if (column) return column;
  const field = fields.find((candidate) => candidate.name === name);
  const usable = [...documentColumns.map((candidate) => candidate.name), ...fields.filter((f) => use === 'filter' || f.type !== 'JSON').map((f) => f.name)];
  if (!field) {
    const where = use === 'filter' ? 'where' : 'orderBy';
    throw Errors.badUserInput(`Unknown field "${name.slice(0, 80)}" in ${where}: use one of ${usable.join(', ')}.`, { field: name.slice(0, 80) });
  }
  if (use === 'sort' && field.type === 'JSON') {
    throw Errors.badUserInput(`"${name}" is a JSON field and has no order: sort by one of ${usable.join(', ')}.`, { field: name });
  }
  return { name, kind: field.type, sql: fieldValueExpression(field), sqlType: sqlTypes[field.type], nullable: true };
}
