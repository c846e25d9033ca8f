import { isDeepStrictEqual } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { createTestDatabase } from '@fedbase/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../src/collections/field-definition.ts';
import { compileDocumentQuery } from '../../src/query/compile-document-query.ts';
import { fieldValueExpression } from '../../src/query/field-value-expression.ts';
import type { DocumentOrder } from '../../src/query/normalize-order-by.ts';

// The compiled SQL run for real, checked against a plain JavaScript reading of the same rows: every
// operator, and/or, and keyset pagination (also while rows are inserted between pages), on both
// engines the data subgraph runs on.

interface Engine {
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

const engines: { name: string; open: () => Promise<Engine> }[] = [
  {
    name: 'PostgreSQL',
    async open() {
      const testDatabase = await createTestDatabase();
      // one connection, so SET applies to every later query
      const client = new pg.Client({ connectionString: testDatabase.url });
      await client.connect();
      return {
        query: async <Row,>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as Row[],
        close: async () => {
          await client.end();
          await testDatabase.drop();
        },
      };
    },
  },
  {
    name: 'PGlite',
    async open() {
      const pglite = await PGlite.create();
      return {
        query: async <Row,>(sql: string, params?: unknown[]) => (await pglite.query<Row>(sql, params)).rows,
        close: () => pglite.close(),
      };
    },
  },
];

const fields: FieldDefinition[] = [
  { name: 'title', type: 'STRING', required: true },
  { name: 'body', type: 'STRING', required: false },
  { name: "it's", type: 'STRING', required: false },
  { name: 'age', type: 'INT', required: false },
  { name: 'score', type: 'FLOAT', required: false },
  { name: 'active', type: 'BOOLEAN', required: false },
  { name: 'publishedAt', type: 'DATETIME', required: false },
  { name: 'meta', type: 'JSON', required: false },
  { name: 'tags', type: 'JSON', required: false },
];

interface Row {
  id: string;
  data: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

// ---- the rows: seeded, with ties, missing values, JSON nulls and a few values of the wrong type ----

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const titles = ['alpha', 'Alpha', 'beta', 'gamma', 'Ωmega', 'émile', 'zeta', 'a b', '', "quote's", '100', '20', '😀 smile', 'ﬀ ligature', 'alphabet'];
const scores = [0.1, 0.2, 0.30000000000000004, -2.5, 1e-7, 3, 1e21, 42.75];
const baseTime = Date.parse('2024-01-01T00:00:00.000Z');

function makeRows(random: () => number, count: number): Row[] {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const maybe = <T,>(probability: number, value: () => T): T | undefined => (random() < probability ? value() : undefined);
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
  };
  return Array.from({ length: count }, () => {
    const data: Record<string, unknown> = {
      title: pick(titles),
      body: random() < 0.1 ? null : maybe(0.6, () => pick(['lorem', 'ipsum', 'dolor sit', 'Lorem'])),
      "it's": maybe(0.4, () => pick(['yes', 'no', "it's"])),
      // a stray string in an INT field reads as missing, it does not break the query
      age: random() < 0.03 ? 'old' : random() < 0.05 ? null : maybe(0.8, () => Math.floor(random() * 36) - 5),
      score: maybe(0.75, () => pick(scores)),
      active: maybe(0.7, () => random() < 0.5),
      publishedAt: maybe(0.7, () => new Date(baseTime + Math.floor(random() * 120) * 86_400_000).toISOString()),
      meta:
        random() < 0.1
          ? null
          : maybe(0.7, () =>
              random() < 0.15 ? pick(['plain', 7]) : { kind: pick(['a', 'b', 'c']), n: 1 + Math.floor(random() * 3), ...(random() < 0.4 ? { nested: { x: pick([1, 2]) } } : {}) },
            ),
      tags: maybe(0.7, () => ['red', 'green', 'blue'].filter(() => random() < 0.5)),
    };
    for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
    // 40 instants for 200 rows: plenty of ties, broken by id
    const createdAt = new Date(baseTime + Math.floor(random() * 40) * 3_600_000 + (random() < 0.5 ? 0 : 123));
    return { id: uuid(), data, createdAt, updatedAt: new Date(createdAt.getTime() + Math.floor(random() * 10_000_000)) };
  });
}

// ---- the JavaScript reading: what the API promises, written independently of the SQL ----

type Kind = FieldDefinition['type'] | 'ID' | 'TIMESTAMP';
const kindOf = (name: string): Kind =>
  name === 'id' ? 'ID' : name === 'createdAt' || name === 'updatedAt' ? 'TIMESTAMP' : fields.find((field) => field.name === name)!.type;

/** The value a filter or sort sees; null when missing, JSON null, or of the wrong type. */
function valueOf(row: Row, name: string): unknown {
  const kind = kindOf(name);
  if (kind === 'ID') return row.id;
  if (kind === 'TIMESTAMP') return (name === 'createdAt' ? row.createdAt : row.updatedAt).getTime();
  const value = row.data[name];
  const expected = { STRING: 'string', DATETIME: 'string', INT: 'number', FLOAT: 'number', BOOLEAN: 'boolean', JSON: 'any' }[kind];
  if (value === undefined || value === null) return null;
  return expected === 'any' || typeof value === expected ? value : null;
}

/** Text in byte (code point) order: the "C" collation, not JavaScript's UTF-16 order. */
function compare(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return Math.sign(Number(a) - Number(b));
}

function operand(kind: Kind, value: unknown): unknown {
  if (kind === 'DATETIME') return new Date(value as string).toISOString();
  if (kind === 'TIMESTAMP') return Date.parse(value as string);
  if (kind === 'ID') return (value as string).toLowerCase();
  return value;
}

function jsonContains(container: unknown, contained: unknown, top: boolean): boolean {
  const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
  if (Array.isArray(contained)) return Array.isArray(container) && contained.every((b) => container.some((a) => jsonContains(a, b, false)));
  if (isObject(contained)) return isObject(container) && Object.entries(contained).every(([key, b]) => Object.hasOwn(container, key) && jsonContains(container[key], b, false));
  // jsonb: a top-level array contains a primitive it holds
  if (Array.isArray(container)) return top && container.some((a) => a === contained);
  return container === contained;
}

function condition(row: Row, name: string, op: string, x: unknown): boolean {
  const kind = kindOf(name);
  const value = valueOf(row, name);
  if (x === null) return op === 'eq' ? value === null : value !== null;
  const equal = (y: unknown) => value !== null && (kind === 'JSON' ? isDeepStrictEqual(value, y) : compare(value, operand(kind, y)) === 0);
  switch (op) {
    case 'eq':
      return equal(x);
    case 'ne':
      return !equal(x);
    case 'gt':
      return value !== null && compare(value, operand(kind, x)) > 0;
    case 'gte':
      return value !== null && compare(value, operand(kind, x)) >= 0;
    case 'lt':
      return value !== null && compare(value, operand(kind, x)) < 0;
    case 'lte':
      return value !== null && compare(value, operand(kind, x)) <= 0;
    case 'in':
      return (x as unknown[]).some(equal);
    case 'contains':
      return value !== null && (kind === 'JSON' ? jsonContains(value, x, true) : (value as string).includes(x as string));
    default:
      throw new Error(`no operator ${op}`);
  }
}

function matches(row: Row, where: Record<string, unknown>): boolean {
  return Object.entries(where).every(([key, value]) => {
    if (key === 'and') return (value as Record<string, unknown>[]).every((member) => matches(row, member));
    if (key === 'or') return (value as Record<string, unknown>[]).some((member) => matches(row, member));
    return Object.entries(value as Record<string, unknown>).every(([op, x]) => condition(row, key, op, x));
  });
}

/** The order a page promises: the keys (createdAt by default), a missing value as the largest, then id. */
function sortKeys(orderBy: readonly DocumentOrder[] | undefined): DocumentOrder[] {
  const keys = orderBy?.length ? [...orderBy] : [{ field: 'createdAt', direction: 'ASC' as const }];
  return keys.some((key) => key.field === 'id') ? keys : [...keys, { field: 'id', direction: keys.at(-1)!.direction }];
}

function compareRows(a: Row, b: Row, keys: readonly DocumentOrder[]): number {
  for (const { field, direction } of keys) {
    const [x, y] = [valueOf(a, field), valueOf(b, field)];
    if (x === null && y === null) continue;
    const sign = direction === 'ASC' ? 1 : -1;
    if (x === null) return sign;
    if (y === null) return -sign;
    const order = compare(x, y) * sign;
    if (order !== 0) return order;
  }
  return 0;
}

// ---- the SQL as the data subgraph runs it ----

const projectId = '11111111-1111-4111-8111-111111111111';
const otherProjectId = '22222222-2222-4222-8222-222222222222';
const collectionId = '33333333-3333-4333-8333-333333333333';
const otherCollectionId = '44444444-4444-4444-8444-444444444444';

async function insert(engine: Engine, rows: readonly Row[], collection = collectionId, project = projectId): Promise<void> {
  for (const row of rows) {
    await engine.query(
      'INSERT INTO data.documents (id, project_id, collection_id, data, version, created_at, updated_at) VALUES ($1, $2, $3, $4::jsonb, 1, $5, $6)',
      [row.id, project, collection, JSON.stringify(row.data), row.createdAt.toISOString(), row.updatedAt.toISOString()],
    );
  }
}

describe.each(engines)('compiled document queries on $name', ({ open }) => {
  let engine: Engine;
  const rows = makeRows(seededRandom(7), 200);

  beforeAll(async () => {
    engine = await open();
    await engine.query('CREATE SCHEMA data');
    await engine.query(`CREATE TABLE data.documents (
      id uuid PRIMARY KEY, project_id uuid NOT NULL, collection_id uuid NOT NULL, data jsonb NOT NULL,
      version int NOT NULL, owner_id text, created_at timestamptz(3) NOT NULL, updated_at timestamptz(3) NOT NULL)`);
    await insert(engine, rows);
    // same field names with other types elsewhere: must neither match nor break a cast
    const strays = makeRows(seededRandom(99), 20).map((row) => ({ ...row, data: { title: 5, age: 'old', score: 'high', active: 'yes', tags: 'red' } }));
    await insert(engine, strays.slice(0, 10), otherCollectionId);
    await insert(engine, strays.slice(10), collectionId, otherProjectId);
  }, 60_000);

  afterAll(async () => {
    await engine?.close();
  });

  const select = (sql: string, params: unknown[], tail = '') =>
    engine.query<Row>(
      `SELECT d.id, d.data, d.created_at AS "createdAt", d.updated_at AS "updatedAt" FROM data.documents d
       WHERE d.project_id = $1 AND d.collection_id = $2 AND (${sql}) ${tail}`,
      [projectId, collectionId, ...params],
    );

  async function readAll(
    orderBy: DocumentOrder[] | undefined,
    options: { where?: unknown; collection?: string; between?: (last: Row) => Promise<void> } = {},
  ): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 500; pages++) {
      const query = compileDocumentQuery({ fields, where: options.where, orderBy, first: 7, after, firstParam: 3 });
      const found = await engine.query<Row>(
        `SELECT d.id, d.data, d.created_at AS "createdAt", d.updated_at AS "updatedAt" FROM data.documents d
         WHERE d.project_id = $1 AND d.collection_id = $2 AND (${query.pageSql}) ORDER BY ${query.orderBySql} LIMIT ${query.limit}`,
        [projectId, options.collection ?? collectionId, ...query.pageParams],
      );
      const page = found.slice(0, query.first);
      ids.push(...page.map((row) => row.id));
      if (found.length <= query.first) return ids;
      const last = page.at(-1)!;
      after = query.cursorFor(last);
      await options.between?.(last);
    }
    throw new Error('pagination did not end');
  }

  const ids = rows.map((row) => row.id);
  const createdAt = (index: number) => rows[index]!.createdAt.toISOString();

  const whereCases: { name: string; where: Record<string, unknown>; mayBeEmpty?: boolean }[] = [
    { name: 'STRING eq', where: { title: { eq: 'alpha' } } },
    { name: 'STRING eq with a quote', where: { title: { eq: "quote's" } } },
    { name: 'STRING ne (missing is different)', where: { body: { ne: 'lorem' } } },
    { name: 'STRING eq null (missing or JSON null)', where: { body: { eq: null } } },
    { name: 'STRING ne null', where: { body: { ne: null } } },
    { name: 'STRING gt in byte order', where: { title: { gt: 'beta' } } },
    { name: 'STRING gte', where: { title: { gte: 'alpha' } } },
    { name: 'STRING lt', where: { title: { lt: 'Alpha' } } },
    { name: 'STRING lt in code point order, not UTF-16 order', where: { title: { lt: 'ﬀ ligature' } } },
    { name: 'STRING lte', where: { title: { lte: 'gamma' } } },
    { name: 'STRING in', where: { title: { in: ['alpha', 'zeta', '😀 smile', 'nothing'] } } },
    { name: 'STRING contains (case-sensitive)', where: { title: { contains: 'lph' } } },
    { name: 'STRING contains a quote', where: { title: { contains: "'" } } },
    { name: 'STRING contains empty', where: { body: { contains: '' } } },
    { name: 'a field name with a quote', where: { "it's": { eq: "it's" } } },
    { name: 'INT eq', where: { age: { eq: 3 } } },
    { name: 'INT eq null (missing, null or wrong type)', where: { age: { eq: null } } },
    { name: 'INT ne', where: { age: { ne: 3 } } },
    { name: 'INT gt', where: { age: { gt: 10 } } },
    { name: 'INT gte', where: { age: { gte: 10 } } },
    { name: 'INT lt negative', where: { age: { lt: 0 } } },
    { name: 'INT lte', where: { age: { lte: 0 } } },
    { name: 'INT range on one field', where: { age: { gte: 2, lte: 8, ne: 5 } } },
    { name: 'INT in', where: { age: { in: [1, 2, 3] } } },
    { name: 'FLOAT eq a binary fraction exactly', where: { score: { eq: 0.30000000000000004 } } },
    { name: 'FLOAT lte', where: { score: { lte: 0.2 } } },
    { name: 'FLOAT gt a huge value', where: { score: { gt: 1e20 } } },
    { name: 'FLOAT in', where: { score: { in: [0.1, -2.5, 1e-7] } } },
    { name: 'FLOAT ne', where: { score: { ne: 0.1 } } },
    { name: 'BOOLEAN eq true', where: { active: { eq: true } } },
    { name: 'BOOLEAN eq false', where: { active: { eq: false } } },
    { name: 'BOOLEAN ne true', where: { active: { ne: true } } },
    { name: 'BOOLEAN eq null', where: { active: { eq: null } } },
    { name: 'BOOLEAN in', where: { active: { in: [false] } } },
    { name: 'DATETIME gt', where: { publishedAt: { gt: '2024-02-15T00:00:00Z' } } },
    { name: 'DATETIME lte a date', where: { publishedAt: { lte: '2024-03-01' } } },
    { name: 'DATETIME eq in another zone', where: { publishedAt: { eq: '2024-02-01T01:00:00+01:00' } } },
    { name: 'DATETIME in', where: { publishedAt: { in: ['2024-01-05T00:00:00.000Z', '2024-01-10T00:00:00Z'] } } },
    { name: 'DATETIME ne', where: { publishedAt: { ne: '2024-01-05T00:00:00.000Z' } } },
    { name: 'JSON eq an object (key order aside)', where: { meta: { eq: { n: 1, kind: 'a' } } } },
    { name: 'JSON eq a scalar', where: { meta: { eq: 'plain' } } },
    { name: 'JSON eq null (missing or JSON null)', where: { meta: { eq: null } } },
    { name: 'JSON ne null', where: { meta: { ne: null } } },
    { name: 'JSON ne', where: { meta: { ne: { kind: 'a', n: 1 } } } },
    { name: 'JSON eq an array', where: { tags: { eq: ['red'] } } },
    { name: 'JSON contains an object', where: { meta: { contains: { kind: 'b' } } } },
    { name: 'JSON contains nested', where: { meta: { contains: { nested: { x: 1 } } } } },
    { name: 'JSON contains array elements', where: { tags: { contains: ['red', 'blue'] } } },
    { name: 'JSON contains a primitive of a top-level array', where: { tags: { contains: 'green' } } },
    { name: 'id eq (any case)', where: { id: { eq: ids[10]!.toUpperCase() } } },
    { name: 'id ne', where: { id: { ne: ids[10]! } } },
    { name: 'id in', where: { id: { in: [ids[1]!, ids[2]!, ids[3]!, '00000000-0000-4000-8000-000000000000'] } } },
    { name: 'id gt', where: { id: { gt: ids[20]! } } },
    { name: 'id lte', where: { id: { lte: ids[20]! } } },
    { name: 'createdAt eq (a tie)', where: { createdAt: { eq: createdAt(5) } } },
    { name: 'createdAt gt', where: { createdAt: { gt: createdAt(5) } } },
    { name: 'createdAt gte', where: { createdAt: { gte: createdAt(5) } } },
    { name: 'createdAt lt in another zone', where: { createdAt: { lt: '2024-01-01T12:00:00-03:00' } } },
    { name: 'createdAt lte', where: { createdAt: { lte: createdAt(5) } } },
    { name: 'createdAt in', where: { createdAt: { in: [createdAt(5), createdAt(6)] } } },
    { name: 'createdAt ne', where: { createdAt: { ne: createdAt(5) } } },
    { name: 'updatedAt range', where: { updatedAt: { gte: '2024-01-01T10:00:00Z', lt: '2024-01-02T00:00:00Z' } } },
    { name: 'fields ANDed', where: { active: { eq: true }, age: { gt: 5 }, title: { contains: 'a' } } },
    {
      name: 'or of and',
      where: { or: [{ age: { gt: 25 } }, { and: [{ active: { eq: true } }, { title: { contains: 'a' } }] }], score: { ne: null } },
    },
    {
      name: 'nesting five deep',
      where: { and: [{ or: [{ and: [{ or: [{ age: { lt: 0 } }, { tags: { contains: ['blue'] } }] }, { meta: { ne: null } }] }, { title: { eq: 'zeta' } }] }] },
    },
    { name: 'or across id and data', where: { or: [{ id: { eq: ids[0]! } }, { body: { eq: 'ipsum' }, publishedAt: { lt: '2024-02-01T00:00:00Z' } }] } },
    { name: 'a value that looks like SQL', where: { title: { eq: "x'); DROP TABLE data.documents; --" } }, mayBeEmpty: true },
  ];

  it.each(whereCases)('returns the rows a plain filter returns: $name', async ({ where, mayBeEmpty }) => {
    const expected = rows.filter((row) => matches(row, where)).map((row) => row.id).sort();
    if (!mayBeEmpty) expect(expected.length, 'the case selects something').toBeGreaterThan(0);
    expect(expected.length, 'the case leaves something out').toBeLessThan(rows.length);
    const query = compileDocumentQuery({ fields, where, first: 100, firstParam: 3 });
    const found = await select(query.filterSql, query.filterParams);
    expect(found.map((row) => row.id).sort()).toEqual(expected);
    const [counted] = await engine.query<{ count: string | number }>(
      `SELECT count(*) AS count FROM data.documents d WHERE d.project_id = $1 AND d.collection_id = $2 AND (${query.filterSql})`,
      [projectId, collectionId, ...query.filterParams],
    );
    expect(Number(counted!.count)).toBe(expected.length);
  });

  const orders: { name: string; orderBy?: DocumentOrder[]; where?: Record<string, unknown> }[] = [
    { name: 'the default createdAt ascending' },
    { name: 'createdAt descending', orderBy: [{ field: 'createdAt', direction: 'DESC' }] },
    { name: 'a nullable INT descending', orderBy: [{ field: 'age', direction: 'DESC' }] },
    { name: 'STRING ascending then FLOAT descending', orderBy: [{ field: 'title', direction: 'ASC' }, { field: 'score', direction: 'DESC' }] },
    { name: 'BOOLEAN then DATETIME descending', orderBy: [{ field: 'active', direction: 'ASC' }, { field: 'publishedAt', direction: 'DESC' }] },
    { name: 'a nullable STRING descending then createdAt', orderBy: [{ field: 'body', direction: 'DESC' }, { field: 'createdAt', direction: 'ASC' }] },
    { name: 'id descending', orderBy: [{ field: 'id', direction: 'DESC' }] },
    { name: 'updatedAt then a quoted field name', orderBy: [{ field: "it's", direction: 'ASC' }, { field: 'updatedAt', direction: 'DESC' }] },
    { name: 'FLOAT ascending under a filter', orderBy: [{ field: 'score', direction: 'ASC' }], where: { age: { gte: 0 } } },
  ];

  it.each(orders)('pages 7 at a time through every row once, in order: $name', async ({ orderBy, where }) => {
    const keys = sortKeys(orderBy);
    const expected = rows.filter((row) => !where || matches(row, where)).sort((a, b) => compareRows(a, b, keys)).map((row) => row.id);
    expect(await readAll(orderBy, { where })).toEqual(expected);
  });

  it.each([
    { name: 'the default order', orderBy: undefined, seed: 1 },
    { name: 'a nullable INT descending', orderBy: [{ field: 'age', direction: 'DESC' }] as DocumentOrder[], seed: 2 },
    { name: 'STRING then FLOAT', orderBy: [{ field: 'title', direction: 'ASC' }, { field: 'score', direction: 'DESC' }] as DocumentOrder[], seed: 3 },
    { name: 'BOOLEAN then DATETIME', orderBy: [{ field: 'active', direction: 'DESC' }, { field: 'publishedAt', direction: 'ASC' }] as DocumentOrder[], seed: 4 },
  ])('neither skips nor repeats while rows are inserted between pages: $name', async ({ orderBy, seed }) => {
    const collection = `55555555-5555-4555-8555-${String(seed).padStart(12, '0')}`;
    const random = seededRandom(1000 + seed);
    const original = makeRows(random, 60);
    await insert(engine, original, collection);
    const keys = sortKeys(orderBy);
    const landedAfter: Row[] = [];
    let landedBefore = 0;

    const found = await readAll(orderBy, {
      collection,
      between: async (last) => {
        for (const row of makeRows(random, 3)) {
          if (compareRows(row, last, keys) > 0) landedAfter.push(row);
          else landedBefore++;
          await insert(engine, [row], collection);
        }
      },
    });

    expect(landedAfter.length).toBeGreaterThan(0);
    expect(landedBefore).toBeGreaterThan(0);
    expect(new Set(found).size).toBe(found.length);
    expect(found).toEqual([...original, ...landedAfter].sort((a, b) => compareRows(a, b, keys)).map((row) => row.id));
  });

  it('gives the next page the rows after the cursor, and totalCount the whole filter', async () => {
    const where = { age: { gte: 0 } };
    const first = compileDocumentQuery({ fields, where, first: 5, firstParam: 3 });
    const page = await select(first.pageSql, first.pageParams, `ORDER BY ${first.orderBySql} LIMIT ${first.limit}`);
    expect(page).toHaveLength(6);
    const next = compileDocumentQuery({ fields, where, first: 5, after: first.cursorFor(page[4]!), firstParam: 3 });
    const nextPage = await select(next.pageSql, next.pageParams, `ORDER BY ${next.orderBySql} LIMIT ${next.limit}`);
    expect(nextPage[0]!.id).toBe(page[5]!.id);
    const all = await select(next.filterSql, next.filterParams);
    expect(all).toHaveLength(rows.filter((row) => matches(row, where)).length);
  });

  it('builds index expressions PostgreSQL accepts and uses for a filtered, sorted page', async () => {
    const age = fields.find((field) => field.name === 'age')!;
    await engine.query(`CREATE INDEX documents_age ON data.documents ((${fieldValueExpression(age, 'data')}), id) WHERE collection_id = '${collectionId}'`);
    await engine.query('CREATE INDEX documents_created ON data.documents (project_id, collection_id, created_at, id)');
    await engine.query('SET enable_seqscan = off');
    try {
      const explain = async (query: ReturnType<typeof compileDocumentQuery>) =>
        (
          await engine.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN SELECT d.id FROM data.documents d WHERE d.project_id = '${projectId}' AND d.collection_id = '${collectionId}'
             AND (${query.pageSql}) ORDER BY ${query.orderBySql} LIMIT ${query.limit}`,
            query.pageParams,
          )
        )
          .map((line) => line['QUERY PLAN'])
          .join('\n');
      const byAge = compileDocumentQuery({ fields, where: { age: { gt: 5 } }, orderBy: [{ field: 'age', direction: 'ASC' }], firstParam: 1 });
      expect(await explain(byAge)).toMatch(/Index (Only )?Scan using documents_age/);
      const byCreated = compileDocumentQuery({ fields, after: compileDocumentQuery({ fields, firstParam: 1 }).cursorFor(rows[0]!), firstParam: 1 });
      const plan = await explain(byCreated);
      expect(plan).toMatch(/Index (Only )?Scan using documents_created/);
      expect(plan).toMatch(/Index Cond: .*ROW\(created_at, id\) >/);
    } finally {
      await engine.query('RESET enable_seqscan');
    }
  });
});
