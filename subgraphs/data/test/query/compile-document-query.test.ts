import { FedbaseError } from '@fedbase/errors';
import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../src/collections/field-definition.ts';
import { compileDocumentQuery, type CompileDocumentQueryInput } from '../../src/query/compile-document-query.ts';
import { encodeCursor } from '../../src/query/document-cursor.ts';
import { fieldValueExpression } from '../../src/query/field-value-expression.ts';

const fields: FieldDefinition[] = [
  { name: 'title', type: 'STRING', required: true },
  { name: 'age', type: 'INT', required: false },
  { name: 'score', type: 'FLOAT', required: false },
  { name: 'active', type: 'BOOLEAN', required: false },
  { name: 'publishedAt', type: 'DATETIME', required: false },
  { name: 'meta', type: 'JSON', required: false },
];

const compile = (input: Partial<CompileDocumentQueryInput>) => compileDocumentQuery({ fields, firstParam: 3, ...input });

function badInput(run: () => unknown): FedbaseError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FedbaseError);
    expect((error as FedbaseError).code).toBe('BAD_USER_INPUT');
    return error as FedbaseError;
  }
  throw new Error('expected BAD_USER_INPUT, nothing was thrown');
}

const row = { id: '0b7f5a9e-5a3c-4f7e-9d5e-1b2c3d4e5f60', data: { title: 'a', age: 3 }, createdAt: new Date('2024-01-01T00:00:00Z'), updatedAt: new Date('2024-01-02T00:00:00Z') };

describe('compileDocumentQuery: where', () => {
  it('reads no filter as TRUE with no parameters', () => {
    const query = compile({});
    expect(query.filterSql).toBe('TRUE');
    expect(query.pageSql).toBe('TRUE');
    expect(query.filterParams).toEqual([]);
    expect(query.pageParams).toEqual([]);
  });

  it('numbers placeholders from firstParam and casts each to the field type', () => {
    const query = compile({ where: { title: { eq: 'x' }, age: { gte: 3, lt: 9 }, active: { eq: true } }, firstParam: 5 });
    expect(query.filterSql).toContain(`${fieldValueExpression(fields[0]!)} = $5::text`);
    expect(query.filterSql).toContain(`${fieldValueExpression(fields[1]!)} >= $6::numeric`);
    expect(query.filterSql).toContain(`${fieldValueExpression(fields[1]!)} < $7::numeric`);
    expect(query.filterSql).toContain(`${fieldValueExpression(fields[3]!)} = $8::boolean`);
    expect(query.filterParams).toEqual(['x', '3', '9', true]);
  });

  it('keeps every value out of the SQL text', () => {
    const hostile = "x'); DROP TABLE data.documents; --";
    const query = compile({ where: { or: [{ title: { eq: hostile } }, { title: { contains: hostile } }, { meta: { contains: { [hostile]: hostile } } }, { title: { in: [hostile] } }] } });
    expect(query.filterSql).not.toContain('DROP');
    expect(query.filterParams).toEqual([hostile, hostile, JSON.stringify({ [hostile]: hostile }), [hostile]]);
  });

  it('doubles quotes in a field name it embeds', () => {
    const quoted: FieldDefinition[] = [{ name: "o'clock", type: 'STRING', required: false }];
    const query = compileDocumentQuery({ fields: quoted, where: { "o'clock": { eq: 'five' } }, orderBy: [{ field: "o'clock", direction: 'ASC' }], firstParam: 1 });
    expect(query.filterSql).toContain("d.data->>'o''clock'");
    expect(query.orderBySql).toContain("d.data->>'o''clock'");
    expect(query.filterSql.replaceAll("''", '')).not.toMatch(/'clock/);
  });

  it('builds eq null as IS NULL, ne as IS DISTINCT FROM, in as ANY of a typed array and contains as strpos or @>', () => {
    const query = compile({ where: { age: { eq: null, ne: 4, in: [1, 2] }, title: { contains: 'ab' }, meta: { contains: { a: 1 }, ne: null } } });
    expect(query.filterSql).toContain(`${fieldValueExpression(fields[1]!)} IS NULL`);
    expect(query.filterSql).toContain(`${fieldValueExpression(fields[1]!)} IS DISTINCT FROM $3::numeric`);
    expect(query.filterSql).toContain(`${fieldValueExpression(fields[1]!)} = ANY($4::numeric[])`);
    expect(query.filterSql).toContain(`strpos(${fieldValueExpression(fields[0]!)}, $5::text) > 0`);
    expect(query.filterSql).toContain(`(d.data->'meta') @> $6::jsonb`);
    expect(query.filterSql).toContain(`NOT ((d.data->'meta') IS NULL OR (d.data->'meta') = 'null'::jsonb)`);
    expect(query.filterParams).toEqual(['4', ['1', '2'], 'ab', '{"a":1}']);
  });

  it('maps id, createdAt and updatedAt to the columns and normalizes date-times', () => {
    const query = compile({ where: { id: { eq: row.id }, createdAt: { gt: '2024-01-01T02:00:00+02:00' }, updatedAt: { lte: '2024-03-01' }, publishedAt: { gte: '2024-05-01T12:00Z' } } });
    expect(query.filterSql).toContain('d.id = $3::uuid');
    expect(query.filterSql).toContain('d.created_at > $4::timestamptz');
    expect(query.filterSql).toContain('d.updated_at <= $5::timestamptz');
    expect(query.filterParams).toEqual([row.id, '2024-01-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', '2024-05-01T12:00:00.000Z']);
  });

  it('joins and/or members and nests them', () => {
    const query = compile({ where: { or: [{ age: { eq: 1 } }, { and: [{ age: { gt: 5 } }, { title: { eq: 'x' } }] }] } });
    expect(query.filterSql).toMatch(/\(\(.* = \$3::numeric\) OR \(\(\(.* > \$4::numeric\) AND \(.* = \$5::text\)\)\)\)/);
  });

  it('refuses an unknown field, naming it and the fields there are', () => {
    const error = badInput(() => compile({ where: { titel: { eq: 'x' } } }));
    expect(error.message).toBe('Unknown field "titel" in where: use one of id, createdAt, updatedAt, title, age, score, active, publishedAt, meta.');
    expect(error.extensions['field']).toBe('titel');
  });

  it('refuses an unknown operator, listing the operators', () => {
    expect(badInput(() => compile({ where: { title: { like: '%a%' } } })).message).toBe(
      'Unknown operator "like" on "title": use eq, ne, gt, gte, lt, lte, in or contains.',
    );
  });

  it('refuses an operator the field type has no use for', () => {
    expect(badInput(() => compile({ where: { meta: { gt: 1 } } })).message).toBe('"gt" does not apply to "meta" (a JSON field): use eq, ne or contains.');
    expect(badInput(() => compile({ where: { age: { contains: 1 } } })).message).toMatch(/^"contains" does not apply to "age" \(a INT field\)/);
    expect(badInput(() => compile({ where: { active: { lt: true } } })).message).toMatch(/use eq, ne or in\.$/);
  });

  it.each([
    [{ title: { gt: 5 } }, '"gt" on "title" needs a string, not 5.'],
    [{ age: { eq: 2.5 } }, '"eq" on "age" needs an integer, not 2.5.'],
    [{ age: { eq: '2' } }, '"eq" on "age" needs an integer, not "2".'],
    [{ score: { lt: 'high' } }, '"lt" on "score" needs a number, not "high".'],
    [{ active: { eq: 'yes' } }, '"eq" on "active" needs true or false, not "yes".'],
    [{ publishedAt: { gt: 'yesterday' } }, '"gt" on "publishedAt" needs an ISO-8601 date-time with a time zone, e.g. "2024-05-01T12:00:00Z", not "yesterday".'],
    [{ publishedAt: { gt: '2024-02-30' } }, '"gt" on "publishedAt" needs an ISO-8601 date-time with a time zone, e.g. "2024-05-01T12:00:00Z", not "2024-02-30".'],
    [{ createdAt: { gt: '2024-01-01T10:00:00' } }, '"gt" on "createdAt" needs an ISO-8601 date-time with a time zone, e.g. "2024-05-01T12:00:00Z", not "2024-01-01T10:00:00".'],
    [{ id: { eq: 'not-a-uuid' } }, '"eq" on "id" needs a document id (a UUID), not "not-a-uuid".'],
    [{ age: { gt: null } }, '"gt" on "age" needs an integer, not null; {"eq": null} finds documents without a value.'],
  ])('refuses a value of the wrong type: %j', (where, message) => {
    expect(badInput(() => compile({ where })).message).toBe(message);
  });

  it('refuses an empty, oversized or null-holding in-list', () => {
    expect(badInput(() => compile({ where: { age: { in: [] } } })).message).toBe('"in" on "age" needs an array of 1 to 100 values, each an integer.');
    expect(badInput(() => compile({ where: { age: { in: 3 } } })).message).toBe('"in" on "age" needs an array of 1 to 100 values, each an integer.');
    expect(badInput(() => compile({ where: { age: { in: Array.from({ length: 101 }, (_, i) => i) } } })).message).toMatch(/1 to 100 values/);
    expect(badInput(() => compile({ where: { age: { in: [1, null] } } })).message).toMatch(/cannot hold null/);
    expect(badInput(() => compile({ where: { age: { in: [1, 'two'] } } })).message).toBe('"in" on "age" needs an integer, not "two".');
    expect(compile({ where: { age: { in: Array.from({ length: 100 }, (_, i) => i) } } }).filterParams).toHaveLength(1);
  });

  it('refuses nesting deeper than 10 where objects and accepts 10', () => {
    const nest = (levels: number): unknown => (levels === 1 ? { age: { eq: 1 } } : { and: [nest(levels - 1)] });
    expect(() => compile({ where: nest(10) })).not.toThrow();
    expect(badInput(() => compile({ where: nest(11) })).message).toBe('The where filter nests and/or more than 10 levels deep: flatten it.');
  });

  it('refuses more than 100 conditions', () => {
    const many = (count: number) => ({ or: Array.from({ length: count }, (_, i) => ({ age: { eq: i } })) });
    expect(() => compile({ where: { age: { eq: 1 }, or: many(49).or } })).not.toThrow(); // 1 + 49 members + 49 operators
    expect(badInput(() => compile({ where: many(51) })).message).toMatch(/^The where filter has more than 100 conditions/);
  });

  it('refuses malformed where shapes', () => {
    expect(badInput(() => compile({ where: [] })).message).toMatch(/^A where filter is a JSON object/);
    expect(badInput(() => compile({ where: 'title = 1' })).message).toMatch(/^A where filter is a JSON object/);
    expect(badInput(() => compile({ where: { title: 'x' } })).message).toBe('The condition on "title" is an object of operators, e.g. {"title": {"eq": "Hello"}}.');
    expect(badInput(() => compile({ where: { title: {} } })).message).toMatch(/^The condition on "title"/);
    expect(badInput(() => compile({ where: { or: [] } })).message).toBe('"or" takes a non-empty array of where objects.');
    expect(badInput(() => compile({ where: { and: { age: { eq: 1 } } } })).message).toBe('"and" takes a non-empty array of where objects.');
    expect(badInput(() => compile({ where: { or: [null] } })).message).toMatch(/^A where filter is a JSON object/);
  });
});

describe('compileDocumentQuery: orderBy, first and cursors', () => {
  it('orders by createdAt then id by default, both ascending', () => {
    const query = compile({});
    expect(query.orderBySql).toBe('d.created_at ASC, d.id ASC');
    expect(query.orderBy.map(({ field, direction }) => `${field.name} ${direction}`)).toEqual(['createdAt ASC', 'id ASC']);
  });

  it("sorts in PostgreSQL's own null order (one index serves both directions) and appends id in the last direction", () => {
    const query = compile({ orderBy: [{ field: 'title', direction: 'ASC' }, { field: 'age', direction: 'DESC' }] });
    expect(query.orderBySql).toBe(`${fieldValueExpression(fields[0]!)} ASC, ${fieldValueExpression(fields[1]!)} DESC, d.id DESC`);
  });

  it('stops at an explicit id', () => {
    expect(compile({ orderBy: [{ field: 'id', direction: 'DESC' }, { field: 'age', direction: 'ASC' }] }).orderBySql).toBe('d.id DESC');
  });

  it('refuses more than 5 keys, JSON fields, unknown fields, repeats and bad directions', () => {
    const six = ['title', 'age', 'score', 'active', 'publishedAt', 'createdAt'].map((field) => ({ field, direction: 'ASC' as const }));
    expect(badInput(() => compile({ orderBy: six })).message).toBe('orderBy takes at most 5 fields (id is added as the last tie-breaker by itself).');
    expect(badInput(() => compile({ orderBy: [{ field: 'meta', direction: 'ASC' }] })).message).toBe(
      '"meta" is a JSON field and has no order: sort by one of id, createdAt, updatedAt, title, age, score, active, publishedAt.',
    );
    expect(badInput(() => compile({ orderBy: [{ field: 'nope', direction: 'ASC' }] })).message).toMatch(/^Unknown field "nope" in orderBy: use one of id, /);
    expect(badInput(() => compile({ orderBy: [{ field: 'age', direction: 'ASC' }, { field: 'age', direction: 'DESC' }] })).message).toBe('orderBy names "age" twice: keep one.');
    expect(badInput(() => compile({ orderBy: [{ field: 'age', direction: 'UP' as 'ASC' }] })).message).toBe('The direction for "age" in orderBy is ASC or DESC.');
  });

  it('pages 20 by default, caps first at 100 and refuses less than 1', () => {
    expect(compile({}).limit).toBe(21);
    expect(compile({ first: 7 }).limit).toBe(8);
    expect(compile({ first: 1000 }).first).toBe(100);
    expect(compile({ first: 1000 }).limit).toBe(101);
    expect(badInput(() => compile({ first: 0 })).message).toBe('first is a page size from 1 to 100, not 0.');
    expect(badInput(() => compile({ first: -5 })).extensions['field']).toBe('first');
    expect(badInput(() => compile({ first: 2.5 })).extensions['field']).toBe('first');
  });

  it('continues after a cursor with a row comparison on NOT NULL columns', () => {
    const first = compile({});
    const next = compile({ after: first.cursorFor(row), where: { age: { gt: 1 } } });
    expect(next.filterSql).not.toContain('created_at');
    expect(next.pageSql).toBe(`${next.filterSql} AND ((d.created_at, d.id) > ($4::timestamptz, $5::uuid))`);
    expect(next.filterParams).toEqual(['1']);
    expect(next.pageParams).toEqual(['1', '2024-01-01T00:00:00.000Z', row.id]);
  });

  it('continues after a cursor with an OR-chain where a missing value is the largest', () => {
    const orderBy = [{ field: 'age', direction: 'DESC' as const }, { field: 'title', direction: 'ASC' as const }];
    const age = fieldValueExpression(fields[1]!);
    const title = fieldValueExpression(fields[0]!);
    const present = compile({ orderBy, after: compile({ orderBy }).cursorFor(row) });
    expect(present.pageSql).toBe(
      `TRUE AND (((${age} < $3::numeric) OR (${age} = $3::numeric AND (${title} IS NULL OR ${title} > $4::text)) OR (${age} = $3::numeric AND ${title} = $4::text AND d.id > $5::uuid)) AND ${age} <= $3::numeric)`,
    );
    const missing = compile({ orderBy, after: compile({ orderBy }).cursorFor({ ...row, data: { title: 'a' } }) });
    expect(missing.pageSql).toBe(
      `TRUE AND ((${age} IS NOT NULL) OR (${age} IS NULL AND (${title} IS NULL OR ${title} > $3::text)) OR (${age} IS NULL AND ${title} = $3::text AND d.id > $4::uuid))`,
    );
    expect(missing.pageParams).toEqual(['a', row.id]);
  });

  it('reads a value of the wrong type as missing in the cursor, as the SQL does', () => {
    const orderBy = [{ field: 'age', direction: 'ASC' as const }];
    const query = compile({ orderBy, after: compile({ orderBy }).cursorFor({ ...row, data: { age: '3' } }) });
    expect(query.pageParams).toEqual([row.id]);
  });

  it('refuses a cursor made for another orderBy', () => {
    const cursor = compile({ orderBy: [{ field: 'age', direction: 'ASC' }] }).cursorFor(row);
    const error = badInput(() => compile({ orderBy: [{ field: 'age', direction: 'DESC' }], after: cursor }));
    expect(error.message).toBe('The cursor belongs to another orderBy: pass the orderBy of the page it came from, or start again without after.');
    expect(error.extensions['field']).toBe('after');
  });

  it.each([
    ['not base64url', 'abc$%^'],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['empty', ''],
    ['a JSON array', Buffer.from('[1,2]').toString('base64url')],
  ])('refuses a malformed cursor: %s', (_what, after) => {
    expect(badInput(() => compile({ after })).message).toBe('The cursor is not one this API made: pass pageInfo.endCursor from the previous page unchanged.');
  });

  it('refuses a cursor whose values do not fit the keys', () => {
    const keys = compile({}).orderBy;
    for (const values of [['2024-01-01T00:00:00.000Z'], ['2024-01-01T00:00:00.000Z', 'not-a-uuid'], [null, row.id], ['yesterday', row.id], [5, row.id]]) {
      expect(badInput(() => compile({ after: encodeCursor(keys, values) })).message).toMatch(/^The cursor is not one this API made/);
    }
  });
});
