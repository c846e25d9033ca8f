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
 * - query/normalize-order-by.ts: data fields sort NULLS LAST, id is appended in the last key's
 *   direction, the default order is createdAt ASC;
 * - query/compile-after-cursor.ts: with a nullable key, "after" is an OR of terms;
 * - documents/list-documents.ts: the scope `d.project_id = $1::uuid` with the collection id
 *   written literally (so partial indexes match), the page LIMIT first + 1, and count(*) over the
 *   filter alone for totalCount.
 * data-list.ts checks that each of these returns the rows the API returned, so a drift between
 * this file and the subgraph fails the run instead of explaining the wrong query.
 */

const columns = 'd.id, d.data, d.version, d.owner_id, d.created_at, d.updated_at';
const stringValue = (name: string) => `((CASE WHEN jsonb_typeof(d.data->'${name}') = 'string' THEN d.data->>'${name}' END) COLLATE "C")`;
const numberValue = (name: string) => `(CASE WHEN jsonb_typeof(d.data->'${name}') = 'number' THEN (d.data->>'${name}')::numeric END)`;
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

export function mirrorDocumentsSql(projectId: string, collectionId: string): MirrorDocumentsSql {
  const scope = `d.project_id = $1::uuid AND d.collection_id = '${collectionId}'`;
  const filtered = `(${category} = $2::text AND ${price} >= $3::numeric)`;
  const filteredOrder = `${price} DESC NULLS LAST, d.id DESC`;
  const contains = `(${tags} @> $2::jsonb)`;
  const containsOrder = 'd.created_at ASC, d.id ASC';
  return {
    filteredPage: (value, minPrice, first) => ({
      text: `SELECT ${columns} FROM data.documents d WHERE ${scope} AND (${filtered}) ORDER BY ${filteredOrder} LIMIT ${first + 1}`,
      values: [projectId, value, String(minPrice)],
    }),
    filteredPageAfter: (value, minPrice, first, lastPrice, lastId) => {
      const after = `(((${price} IS NULL OR ${price} < $4::numeric)) OR (${price} = $4::numeric AND d.id < $5::uuid))`;
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
