/** SQL text and its parameters, as node-pg takes them. */
export interface SqlQuery {
  readonly text: string;
  readonly values: readonly unknown[];
}

/*
 * The SQL the data subgraph runs for the data-list benchmark's queries, written out by hand so the
 * benchmark can EXPLAIN it: another package's src/ files may not be imported (an architecture
 * test), and @fedbase/subgraph-data exports no query compiler. It mirrors, in subgraphs/data/src:
 * - query/field-value-expression.ts: a field's typed value. It must be the same text as the dx_
 *   index expressions, or the planner ignores them, so the EXPLAIN would show plans the subgraph
 *   never gets;
 * - query/compile-where.ts: `eq` is `=`, `gte` is `>=`, JSON `contains` is `@>`, every value a
 *   `$n::type` parameter (INT bound as text, JSON as its text);
 * - query/normalize-order-by.ts: PostgreSQL's own null order (a missing value is the largest, so
 *   one (<expr>, id) index serves both directions), id appended in the last key's direction, the
 *   default order createdAt ASC;
 * - query/compile-after-cursor.ts: with a nullable key, "after" is an OR of terms; going down, a
 *   present value is followed by smaller ones only (the missing ones came first);
 * - documents/list-documents.ts: the scope `d.project_id = $1::uuid` with the collection id
 *   written literally (so partial indexes match), the page LIMIT first + 1, and count(*) over the
 *   filter alone for totalCount.
 * data-list.ts checks that each of these returns the rows the API returned and compares its text
 * with the one the subgraph ran (read from pg_stat_activity): a drift in the rows fails the run, a
 * drift in the text only is reported, and the subgraph's text is explained instead.
 */

const columns = 'd.id, d.data, d.version, d.owner_id, d.created_at, d.updated_at';
// `column` is `d.data` in queries, `data` where no alias may be used (CREATE STATISTICS), as in field-value-expression.ts.
const stringValue = (name: string, column = 'd.data') => `((CASE WHEN jsonb_typeof(${column}->'${name}') = 'string' THEN ${column}->>'${name}' END) COLLATE "C")`;
const numberValue = (name: string, column = 'd.data') => `(CASE WHEN jsonb_typeof(${column}->'${name}') = 'number' THEN (${column}->>'${name}')::numeric END)`;
const jsonValue = (name: string) => `(d.data->'${name}')`;

const category = stringValue('category');
const price = numberValue('price');
const tags = jsonValue('tags');

export interface MirrorDocumentsSql {
  /** `where: {category: {eq}, price: {gte}}`, `orderBy: [{field: "price", direction: DESC}]`: page 1 */
  filteredPage(categoryValue: string, minPrice: number, first: number): SqlQuery;
  /** the same page after the row (lastPrice, lastId): the cursor of the previous page's last edge */
  filteredPageAfter(categoryValue: string, minPrice: number, first: number, lastPrice: number, lastId: string): SqlQuery;
  /** the same order read with OFFSET: an independent answer to check the keyset pages against */
  filteredPageAtOffset(categoryValue: string, minPrice: number, first: number, offset: number): SqlQuery;
  /** totalCount of the filtered query */
  filteredCount(categoryValue: string, minPrice: number): SqlQuery;
  /** `where: {tags: {contains: [tag]}}` in the default order (createdAt ASC, id ASC): page 1 */
  containsPage(tag: string, first: number): SqlQuery;
  /** totalCount of the contains query */
  containsCount(tag: string): SqlQuery;
}

/**
 * Statistics on the two filtered expressions (PostgreSQL 14+ expression statistics), and how to
 * drop them. Not something the subgraph makes: the benchmark adds them for one measurement,
 * because the planner takes no statistics from partial indexes (selfuncs.c skips indexes with a
 * predicate) and so estimates these conditions with its defaults (0.5% for =, 33% for >=).
 */
export const expressionStatistics = {
  create: [
    `CREATE STATISTICS data.bench_items_category ON (${stringValue('category', 'data')}) FROM data.documents`,
    `CREATE STATISTICS data.bench_items_price ON (${numberValue('price', 'data')}) FROM data.documents`,
  ],
  drop: ['DROP STATISTICS data.bench_items_category', 'DROP STATISTICS data.bench_items_price'],
} as const;

export function mirrorDocumentsSql(projectId: string, collectionId: string): MirrorDocumentsSql {
  const scope = `d.project_id = $1::uuid AND d.collection_id = '${collectionId}'`;
  const filtered = `(${category} = $2::text AND ${price} >= $3::numeric)`;
  const filteredOrder = `${price} DESC, d.id DESC`;
  const contains = `(${tags} @> $2::jsonb)`;
  const containsOrder = 'd.created_at ASC, d.id ASC';
  return {
    filteredPage: (value, minPrice, first) => ({
      text: `SELECT ${columns} FROM data.documents d WHERE ${scope} AND (${filtered}) ORDER BY ${filteredOrder} LIMIT ${first + 1}`,
      values: [projectId, value, String(minPrice)],
    }),
    filteredPageAfter: (value, minPrice, first, lastPrice, lastId) => {
      const after = `((${price} < $4::numeric) OR (${price} = $4::numeric AND d.id < $5::uuid))`;
      return {
        text: `SELECT ${columns} FROM data.documents d WHERE ${scope} AND (${filtered} AND ${after}) ORDER BY ${filteredOrder} LIMIT ${first + 1}`,
        values: [projectId, value, String(minPrice), String(lastPrice), lastId],
      };
    },
    filteredPageAtOffset: (value, minPrice, first, offset) => ({
      text: `SELECT ${columns} FROM data.documents d WHERE ${scope} AND (${filtered}) ORDER BY ${filteredOrder} LIMIT ${first} OFFSET ${offset}`,
      values: [projectId, value, String(minPrice)],
    }),
    filteredCount: (value, minPrice) => ({
      text: `SELECT count(*) AS count FROM data.documents d WHERE ${scope} AND (${filtered})`,
      values: [projectId, value, String(minPrice)],
    }),
    containsPage: (tag, first) => ({
      text: `SELECT ${columns} FROM data.documents d WHERE ${scope} AND (${contains}) ORDER BY ${containsOrder} LIMIT ${first + 1}`,
      values: [projectId, JSON.stringify([tag])],
    }),
    containsCount: (tag) => ({
      text: `SELECT count(*) AS count FROM data.documents d WHERE ${scope} AND (${contains})`,
      values: [projectId, JSON.stringify([tag])],
    }),
  };
}
