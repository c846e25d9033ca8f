import { Errors } from '@fedbase/errors';
import type { FieldDefinition } from '../collections/field-definition.ts';
import { resolveDocumentField, type DocumentField, type DocumentFieldKind } from './document-field.ts';
import { parseIsoDateTime } from './parse-iso-date-time.ts';
import { uuidPattern } from './uuid-pattern.ts';
import type { SqlParams } from './sql-params.ts';

/** Bounds on one `where`, so a request cannot make the SQL (or the planning) arbitrarily large. */
export const whereLimits = { depth: 10, conditions: 100, inValues: 100 } as const;

const operators = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains'] as const;
type Operator = (typeof operators)[number];

const operatorsByKind: Record<DocumentFieldKind, readonly Operator[]> = {
  STRING: operators,
  INT: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'],
  FLOAT: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'],
  DATETIME: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'],
  ID: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'],
  TIMESTAMP: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'],
  // false < true is an order, but no one means it in a filter
  BOOLEAN: ['eq', 'ne', 'in'],
  JSON: ['eq', 'ne', 'contains'],
};

const comparisons = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

const expectedValue: Record<DocumentFieldKind, string> = {
  STRING: 'a string',
  INT: 'an integer',
  FLOAT: 'a number',
  BOOLEAN: 'true or false',
  DATETIME: 'an ISO-8601 date-time with a time zone, e.g. "2024-05-01T12:00:00Z"',
  TIMESTAMP: 'an ISO-8601 date-time with a time zone, e.g. "2024-05-01T12:00:00Z"',
  ID: 'a document id (a UUID)',
  JSON: 'a JSON value',
};

/**
 * `where` as a boolean SQL expression over the alias `d`; every value goes into `params`. A where
 * object ANDs its field conditions, the operators of each, and its `and` and `or` lists. Missing
 * and null read the same: `{"eq": null}` matches both, `ne` counts them as different from any value.
 * An absent `where` or `{}` is TRUE.
 */
export function compileWhere(where: unknown, fields: readonly FieldDefinition[], params: SqlParams): string {
  if (where === undefined || where === null) return 'TRUE';
  let conditions = 0;
  const count = () => {
    if (++conditions > whereLimits.conditions) {
      throw Errors.badUserInput(`The where filter has more than ${whereLimits.conditions} conditions (operators and and/or members): narrow it, or use "in" for lists of values.`, { field: 'where' });
    }
  };

  const compileObject = (node: unknown, depth: number): string => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      throw Errors.badUserInput('A where filter is a JSON object such as {"title": {"eq": "Hello"}, "or": [...]}.', { field: 'where' });
    }
    if (depth > whereLimits.depth) {
      throw Errors.badUserInput(`The where filter nests and/or more than ${whereLimits.depth} levels deep: flatten it.`, { field: 'where' });
    }
    const parts: string[] = [];
    for (const [key, value] of Object.entries(node)) {
      if (key === 'and' || key === 'or') {
        if (!Array.isArray(value) || value.length === 0) {
          throw Errors.badUserInput(`"${key}" takes a non-empty array of where objects.`, { field: 'where' });
        }
        const members = value.map((member: unknown) => (count(), compileObject(member, depth + 1)));
        parts.push(`(${members.join(key === 'and' ? ' AND ' : ' OR ')})`);
      } else {
        const field = resolveDocumentField(fields, key, 'filter');
        if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length === 0) {
          throw Errors.badUserInput(`The condition on "${key}" is an object of operators, e.g. {"${key}": {"eq": ${JSON.stringify(example(field.kind))}}}.`, { field: key });
        }
        for (const [operator, operand] of Object.entries(value)) {
          count();
          parts.push(compileCondition(field, operator, operand, params));
        }
      }
    }
    return parts.length === 0 ? 'TRUE' : `(${parts.join(' AND ')})`;
  };

  return compileObject(where, 1);
}

function compileCondition(field: DocumentField, operator: string, operand: unknown, params: SqlParams): string {
  const { sql, kind, sqlType } = field;
  if (!operators.includes(operator as Operator)) {
    throw Errors.badUserInput(`Unknown operator "${operator.slice(0, 40)}" on "${field.name}": use ${list(operators)}.`, { field: field.name });
  }
  const op = operator as Operator;
  if (!operatorsByKind[kind].includes(op)) {
    const what = kind === 'ID' || kind === 'TIMESTAMP' ? 'it' : `a ${kind} field`;
    throw Errors.badUserInput(`"${op}" does not apply to "${field.name}" (${what}): use ${list(operatorsByKind[kind])}.`, { field: field.name });
  }
  const bind = (value: unknown, type = sqlType) => params.add(paramValue(field, op, value), type);

  if (operand === null) {
    // JSON fields keep an explicit JSON null as a value; it counts as missing like everywhere else
    const isNull = kind === 'JSON' ? `(${sql} IS NULL OR ${sql} = 'null'::jsonb)` : `${sql} IS NULL`;
    if (op === 'eq') return isNull;
    if (op === 'ne') return kind === 'JSON' ? `NOT ${isNull}` : `${sql} IS NOT NULL`;
    throw Errors.badUserInput(`"${op}" on "${field.name}" needs ${expectedValue[kind]}, not null; {"eq": null} finds documents without a value.`, { field: field.name });
  }
  switch (op) {
    case 'eq':
      return `${sql} = ${bind(operand)}`;
    case 'ne':
      return `${sql} IS DISTINCT FROM ${bind(operand)}`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${sql} ${comparisons[op]} ${bind(operand)}`;
    case 'in': {
      if (!Array.isArray(operand) || operand.length === 0 || operand.length > whereLimits.inValues) {
        throw Errors.badUserInput(`"in" on "${field.name}" needs an array of 1 to ${whereLimits.inValues} values, each ${expectedValue[kind]}.`, { field: field.name });
      }
      const values = operand.map((value: unknown) => {
        if (value === null) throw Errors.badUserInput(`"in" on "${field.name}" cannot hold null: add {"eq": null} in an "or" to also find documents without a value.`, { field: field.name });
        return paramValue(field, op, value);
      });
      return `${sql} = ANY(${params.add(values, `${sqlType}[]`)})`;
    }
    case 'contains':
      return kind === 'JSON' ? `${sql} @> ${bind(operand)}` : `strpos(${sql}, ${bind(operand)}) > 0`;
  }
}

/** The value to bind for `value` on `field`, or BAD_USER_INPUT when it does not fit the field's type. */
function paramValue(field: DocumentField, operator: Operator, value: unknown): unknown {
  const bound = toParam(field.kind, value);
  if (bound === undefined) {
    const shown = JSON.stringify(value)?.slice(0, 60) ?? String(value);
    throw Errors.badUserInput(`"${operator}" on "${field.name}" needs ${expectedValue[field.kind]}, not ${shown}.`, { field: field.name });
  }
  return bound;
}

function toParam(kind: DocumentFieldKind, value: unknown): unknown {
  switch (kind) {
    case 'STRING':
      return typeof value === 'string' ? value : undefined;
    case 'INT':
      // bound as text: numeric parses it exactly, where a float8 parameter would round to 15 digits
      return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : undefined;
    case 'FLOAT':
      return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
    case 'BOOLEAN':
      return typeof value === 'boolean' ? value : undefined;
    case 'DATETIME':
    case 'TIMESTAMP':
      // normalized like stored values, so text order is time order
      return (typeof value === 'string' && parseIsoDateTime(value)?.toISOString()) || undefined;
    case 'ID':
      return typeof value === 'string' && uuidPattern.test(value) ? value : undefined;
    case 'JSON':
      return JSON.stringify(value);
  }
}

function example(kind: DocumentFieldKind): unknown {
  const examples: Record<DocumentFieldKind, unknown> = {
    STRING: 'Hello',
    INT: 42,
    FLOAT: 4.2,
    BOOLEAN: true,
    DATETIME: '2024-05-01T12:00:00Z',
    TIMESTAMP: '2024-05-01T12:00:00Z',
    ID: '00000000-0000-4000-8000-000000000000',
    JSON: { tag: 'a' },
  };
  return examples[kind];
}

function list(items: readonly string[]): string {
  return items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
