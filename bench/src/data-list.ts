import { createTestDatabase, startStack, type RunningStack, type TestDatabase } from '@fedbase/testing';
import pg from 'pg';
import { describeCode } from './describe-code.ts';
import { describeMachine } from './describe-machine.ts';
import { explainPlan } from './explain-plan.ts';
import { itemDocument, itemFields, type ItemData } from './item-document.ts';
import { lastDocumentQueries } from './last-document-queries.ts';
import { measureAlternately } from './measure-alternately.ts';
import { measureEndpoint, wrongAnswers, type EndpointFigures, type MeasureOptions } from './measure-endpoint.ts';
import { expressionStatistics, mirrorDocumentsSql, type SqlQuery } from './mirror-documents-sql.ts';
import { runBench } from './run-bench.ts';
import { writeDataListReport, type ExplainedQuery } from './write-data-list-report.ts';

/**
 * What a filtered, sorted page of documents costs on a large collection, through the gateway on
 * PostgreSQL: page 1 with and without totalCount, a page far down (keyset pagination should keep
 * it as cheap as page 1), a JSON containment filter; then the first ones again after dropping the
 * collection's per-field expression indexes, with EXPLAIN (ANALYZE, BUFFERS) of the SQL either way,
 * to show what those indexes buy. Everything runs on 127.0.0.1.
 */
const quick = process.argv.includes('--quick');
const documentCount = quick ? 20_000 : 100_000;
// One import is one transaction: a few batches keep each request (and its transaction) moderate.
const batchSize = quick ? 10_000 : 20_000;
const connections = 8;
const warmupSeconds = quick ? 1 : 2;
const rounds = quick ? 2 : 4;
const sliceSeconds = quick ? 1 : 2;
const pageSize = 20;
// The filter matches about 4.5% of the documents: 900 in the quick run, so 50 pages would run
// past the end there.
const deepPages = quick ? 25 : 50;
const categoryValue = 'c3';
const minPrice = 5000;
const tag = 't1';
// Start-up and shut-down (seconds when idle, minutes on a busy machine), the load at a pessimistic
// 200 documents/s, 10 warm-ups and measured runs, paging and EXPLAINs: far below this unless
// something hangs.
const watchdogMs = 240_000 + documentCount * 5 + 10 * (warmupSeconds + rounds * sliceSeconds) * 1000 + 60_000;

let database: TestDatabase | undefined;
let stack: RunningStack | undefined;
let db: pg.Client | undefined;
const cleanUp = async () => {
  await db?.end().catch(() => undefined);
  await stack?.stop().catch((error: unknown) => process.stderr.write(`bench: stopping the stack failed: ${String(error)}\n`));
  await database?.drop().catch((error: unknown) => process.stderr.write(`bench: dropping the database failed: ${String(error)}\n`));
};

const documentsQuery = (withCount: boolean) =>
  `query Items($where: JSON, $orderBy: [DocumentOrder!], $after: String) { documents(collection: "items", where: $where, orderBy: $orderBy, first: ${pageSize}, after: $after) ` +
  `{ ${withCount ? 'totalCount ' : ''}edges { cursor node { id data } } pageInfo { hasNextPage endCursor } } }`;
const filteredWhere = { category: { eq: categoryValue }, price: { gte: minPrice } };
const filteredOrder = [{ field: 'price', direction: 'DESC' }];
const containsWhere = { tags: { contains: [tag] } };
const createdAtOrder = [{ field: 'createdAt', direction: 'ASC' }];
const isPage = (text: string) => text.includes('"edges"') && !text.includes('"errors"');

interface Connection {
  totalCount?: number;
  edges: { cursor: string; node: { id: string; data: ItemData } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

type Target = Omit<MeasureOptions, 'connections' | 'durationSeconds'> & { label: string };

/** A query to EXPLAIN: the SQL, and whether its text is the mirror's (else it is the subgraph's own). */
interface SqlToExplain {
  label: string;
  query: SqlQuery;
  mirrored: boolean;
}

// Which of the subgraph's queries a text is: page or count, filtered or contains, after a cursor or not.
const isCount = (text: string) => text.includes('count(*)');
const isFiltered = (text: string) => text.includes("'category'");
const isContains = (text: string) => text.includes("'tags'");
const hasCursor = (text: string) => text.includes('$4');

const machine = describeMachine();
const code = describeCode();
await runBench(async () => {
  database = await createTestDatabase();
  process.stdout.write('starting the stack on PostgreSQL...\n');
  stack = await startStack({ env: { DATABASE_URL: database.url, LOG_LEVEL: 'warn' } });
  const project = stack.firstProject;
  if (!project) throw new Error('the stack created no first project');
  const { gatewayUrl } = stack;
  const url = `${gatewayUrl}/graphql`;

  const graphql = async <T>(body: string, key: string): Promise<T> => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body, signal: AbortSignal.timeout(60_000) });
    const text = await response.text();
    const parsed = JSON.parse(text) as { data?: T; errors?: unknown[] };
    if (!response.ok || parsed.errors || !parsed.data) throw new Error(`${body.slice(0, 300)} answered ${response.status}: ${text.slice(0, 1000)}`);
    return parsed.data;
  };
  const documentsBody = (withCount: boolean, variables: Record<string, unknown>) => JSON.stringify({ query: documentsQuery(withCount), variables });
  const documents = async (withCount: boolean, variables: Record<string, unknown>) =>
    (await graphql<{ documents: Connection }>(documentsBody(withCount, variables), project.publishableKey)).documents;

  const fieldsLiteral = itemFields.map(({ name, type, required }) => `{ name: "${name}", type: ${type}, required: ${required} }`).join(', ');
  await graphql(JSON.stringify({ query: `mutation { createCollection(name: "items", rules: { read: "public" }, fields: [${fieldsLiteral}]) { name } }` }), project.secretKey);

  process.stdout.write(`loading ${documentCount} documents in batches of ${batchSize}...\n`);
  const loadStarted = performance.now();
  for (let start = 0; start < documentCount; start += batchSize) {
    const count = Math.min(batchSize, documentCount - start);
    const body = Array.from({ length: count }, (_, k) => JSON.stringify({ data: itemDocument(start + k) })).join('\n');
    const response = await fetch(`${gatewayUrl}/data/collections/items/import?ids=new`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', 'x-api-key': project.secretKey },
      body,
      signal: AbortSignal.timeout(600_000),
    });
    const text = await response.text();
    const imported = response.ok ? (JSON.parse(text) as { imported?: number }).imported : undefined;
    if (imported !== count) throw new Error(`import of documents ${start}..${start + count - 1} answered ${response.status}: ${text.slice(0, 500)}`);
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  process.stdout.write(`  ${loadSeconds.toFixed(1)} s, ${(documentCount / loadSeconds).toFixed(0)} documents/s\n`);

  db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const client = db;
  // After a bulk load the table has no statistics and no visibility map; autovacuum would supply
  // both at some moment during the measurements and change the plans mid-run. Doing it now
  // measures the steady state a collection reaches soon after a load.
  await client.query('VACUUM (ANALYZE) data.documents');
  const { rows: collections } = await client.query<{ id: string }>("SELECT id FROM data.collections WHERE project_id = $1 AND name = 'items'", [project.projectId]);
  const collectionId = collections[0]?.id;
  if (!collectionId) throw new Error('the items collection is not in data.collections');
  const compactId = collectionId.replace(/-/g, '');
  const listIndexes = async () =>
    (await client.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = 'data' AND indexname LIKE $1 ORDER BY indexname", [`dx_${compactId}_%`])).rows.map(
      (row) => row.indexname,
    );
  const indexes = await listIndexes();
  const typedFields = itemFields.filter(({ type }) => type !== 'JSON').length;
  if (indexes.length !== typedFields) throw new Error(`expected ${typedFields} dx_ indexes for the collection, found ${indexes.length}: ${indexes.join(', ')}`);
  // dx_<collection>_<field index> is long and the same for all: the field name says more.
  const renameIndex = (name: string) => {
    const field = name.startsWith(`dx_${compactId}_`) ? itemFields[Number(name.slice(`dx_${compactId}_`.length))]?.name : undefined;
    return field ? `dx_…_${name.slice(`dx_${compactId}_`.length)} (${field})` : name;
  };

  // What the filters must match, counted from the generator rather than from the database.
  const loaded = Array.from({ length: documentCount }, (_, i) => itemDocument(i));
  const expectedFiltered = loaded.filter((d) => d.category === categoryValue && d.price !== undefined && d.price >= minPrice).length;
  const expectedContains = loaded.filter((d) => d.tags?.includes(tag)).length;

  const sql = mirrorDocumentsSql(project.projectId, collectionId);
  const pageIds = async (query: SqlQuery, limit = pageSize) => (await client.query<{ id: string }>(query.text, [...query.values])).rows.slice(0, limit).map((row) => row.id);
  const countOf = async (query: SqlQuery) => Number((await client.query<{ count: string }>(query.text, [...query.values])).rows[0]?.count);
  const sameIds = (what: string, api: readonly string[], mirrored: readonly string[]) => {
    if (api.join() !== mirrored.join()) throw new Error(`${what}: the API returned ${api.length} ids [${api.slice(0, 3).join(', ')}, …], the SQL ${mirrored.length} [${mirrored.slice(0, 3).join(', ')}, …]`);
  };
  /**
   * The SQL of a query the API just answered, to EXPLAIN: the mirror's when the subgraph ran the
   * same text, else the subgraph's own text with the mirror's values (the query compiler is being
   * changed, and an EXPLAIN of another text could show another plan). pg_stat_activity keeps only
   * a connection's last query, and the pool hands the page query's connection straight on (the
   * outbox relay is still publishing the load's change events): when no text of the shape is left,
   * `ask` sends the query again while pg_stat_activity is read over and over, to see it run.
   */
  const sqlTheSubgraphRan = async (label: string, mirror: SqlQuery, isShape: (text: string) => boolean, ask: () => Promise<unknown>): Promise<SqlToExplain> => {
    const seen = new Set(await lastDocumentQueries(client));
    for (let attempt = 0; attempt < 10 && ![...seen].some(isShape); attempt += 1) {
      let asking = true;
      const asked = ask().finally(() => (asking = false));
      while (asking) for (const text of await lastDocumentQueries(client)) seen.add(text);
      await asked;
    }
    const texts = [...seen].filter(isShape);
    if (texts.includes(mirror.text)) return { label, query: mirror, mirrored: true };
    if (texts.length !== 1) throw new Error(`${label}: expected one SQL text of its shape in pg_stat_activity, found ${texts.length}: ${texts.join(' | ')}`);
    process.stderr.write(`bench: ${label}: the subgraph ran\n  ${texts[0]}\nnot the text of mirror-documents-sql.ts\n  ${mirror.text}\nexplaining the subgraph's text\n`);
    return { label, query: { text: texts[0]!, values: mirror.values }, mirrored: false };
  };

  // Each query checked by hand before it is measured: a wrong answer measured fast is no result.
  process.stdout.write('checking the answers...\n');
  const filteredVariables = { where: filteredWhere, orderBy: filteredOrder };
  const first = await documents(true, filteredVariables);
  const askFiltered = () => documents(true, filteredVariables);
  const filteredPageSql = await sqlTheSubgraphRan('a/b. page 1 of the filtered query', sql.filteredPage(categoryValue, minPrice, pageSize), (t) => isFiltered(t) && !isCount(t) && !hasCursor(t), askFiltered);
  const filteredCountSql = await sqlTheSubgraphRan('a. its totalCount', sql.filteredCount(categoryValue, minPrice), (t) => isFiltered(t) && isCount(t), askFiltered);
  if (first.totalCount !== expectedFiltered) throw new Error(`filtered totalCount is ${first.totalCount}, the loaded documents hold ${expectedFiltered} matches`);
  if ((await countOf(filteredCountSql.query)) !== expectedFiltered) throw new Error(`the filtered count SQL does not count ${expectedFiltered}`);
  const prices = first.edges.map(({ node }) => node.data.price ?? Number.NaN);
  if (first.edges.length !== pageSize || !first.edges.every(({ node }) => node.data.category === categoryValue) || !prices.every((p, k) => p >= minPrice && (k === 0 || p <= prices[k - 1]!))) {
    throw new Error(`filtered page 1 is not ${pageSize} matches by price descending: ${JSON.stringify(first.edges.map(({ node }) => node.data)).slice(0, 500)}`);
  }
  const firstIds = first.edges.map(({ node }) => node.id);
  sameIds('filtered page 1', firstIds, await pageIds(filteredPageSql.query));
  const firstWithoutCount = await documents(false, filteredVariables);
  sameIds('filtered page 1 without totalCount', firstWithoutCount.edges.map(({ node }) => node.id), firstIds);

  // A cursor deepPages pages into the filtered order, reached the way a client would.
  const seen = new Set<string>();
  let page = firstWithoutCount;
  let lastNode = page.edges.at(-1)!.node;
  for (let pageNumber = 1; pageNumber <= deepPages; pageNumber += 1) {
    if (pageNumber > 1) page = await documents(false, { ...filteredVariables, after: page.pageInfo.endCursor });
    for (const { node } of page.edges) {
      if (seen.has(node.id)) throw new Error(`page ${pageNumber} repeats document ${node.id}`);
      seen.add(node.id);
    }
    if (page.edges.length !== pageSize || !page.pageInfo.hasNextPage || !page.pageInfo.endCursor) throw new Error(`page ${pageNumber} of the filtered query is not full: ${page.edges.length} edges`);
    lastNode = page.edges.at(-1)!.node;
  }
  const deepVariables = { ...filteredVariables, after: page.pageInfo.endCursor };
  const deep = await documents(false, deepVariables);
  const deepSql = await sqlTheSubgraphRan(
    `c. page ${deepPages + 1} of the filtered query`,
    sql.filteredPageAfter(categoryValue, minPrice, pageSize, lastNode.data.price!, lastNode.id),
    (t) => isFiltered(t) && !isCount(t) && hasCursor(t),
    () => documents(false, deepVariables),
  );
  const deepIds = deep.edges.map(({ node }) => node.id);
  sameIds(`filtered page ${deepPages + 1} against OFFSET ${deepPages * pageSize}`, deepIds, await pageIds(sql.filteredPageAtOffset(categoryValue, minPrice, pageSize, deepPages * pageSize)));
  sameIds(`filtered page ${deepPages + 1}`, deepIds, await pageIds(deepSql.query));

  const containsVariables = { where: containsWhere, orderBy: createdAtOrder };
  const contains = await documents(true, containsVariables);
  const askContains = () => documents(true, containsVariables);
  const containsPageSql = await sqlTheSubgraphRan('d. page 1 of the contains query', sql.containsPage(tag, pageSize), (t) => isContains(t) && !isCount(t), askContains);
  const containsCountSql = await sqlTheSubgraphRan('d. its totalCount', sql.containsCount(tag), (t) => isContains(t) && isCount(t), askContains);
  if (contains.totalCount !== expectedContains) throw new Error(`contains totalCount is ${contains.totalCount}, the loaded documents hold ${expectedContains} matches`);
  if ((await countOf(containsCountSql.query)) !== expectedContains) throw new Error(`the contains count SQL does not count ${expectedContains}`);
  if (!contains.edges.every(({ node }) => node.data.tags?.includes(tag))) throw new Error(`a contains ["${tag}"] edge has no "${tag}" tag`);
  sameIds('contains page 1', contains.edges.map(({ node }) => node.id), await pageIds(containsPageSql.query));

  const target = (label: string, body: string): Target => ({ label, url, body, headers: { 'x-api-key': project.publishableKey }, isCorrectBody: isPage });
  const filteredWithCount = target('a. page 1, filter + sort, with totalCount', documentsBody(true, filteredVariables));
  const filteredNoCount = target('b. page 1, filter + sort, no totalCount', documentsBody(false, filteredVariables));
  const deepPage = target(`c. page ${deepPages + 1} (after a cursor), no totalCount`, documentsBody(false, deepVariables));
  const containsPage = target(`d. tags contains ["${tag}"], by createdAt, with totalCount`, documentsBody(true, containsVariables));

  const measure = async (targets: readonly Target[]): Promise<EndpointFigures[]> => {
    process.stdout.write(`warm-up ${warmupSeconds} s each, then ${rounds} rounds of ${sliceSeconds} s each at ${connections} connections\n`);
    for (const t of targets) await measureEndpoint({ ...t, connections, durationSeconds: warmupSeconds });
    const figures = await measureAlternately(targets.map((t) => ({ ...t, connections, durationSeconds: sliceSeconds })), rounds);
    for (const [index, f] of figures.entries()) {
      process.stdout.write(
        `  ${targets[index]!.label}: ${f.requestsPerSecond.toFixed(1)} req/s  p50 ${f.p50Ms.toFixed(1)} ms  p95 ${f.p95Ms.toFixed(1)} ms  p99 ${f.p99Ms.toFixed(1)} ms  ` +
          `(${f.requests} requests, ${f.non2xx} non-2xx, ${f.wrongBodies} wrong bodies, ${f.errors} errors, ${f.timeouts} timeouts)\n`,
      );
    }
    return figures;
  };
  const explainAll = async (queries: readonly SqlToExplain[]) => {
    const plans: ExplainedQuery[] = [];
    for (const { label, query, mirrored } of queries) plans.push({ label, query, mirrored, plan: await explainPlan(client, query, renameIndex) });
    return plans;
  };
  const filteredQueries = [filteredPageSql, filteredCountSql, deepSql];

  process.stdout.write(`with the ${indexes.length} expression indexes:\n`);
  const withTargets = [filteredWithCount, filteredNoCount, deepPage, containsPage];
  const withIndexes = await measure(withTargets);
  const plansWith = await explainAll([...filteredQueries, containsPageSql, containsCountSql]);

  // The planner takes no statistics from partial indexes, so it estimates the filter with its
  // defaults (see expressionStatistics). Statistics on the two expressions show what the indexes
  // give once it knows the selectivities; they are dropped again before the indexes are.
  for (const statement of expressionStatistics.create) await client.query(statement);
  await client.query('ANALYZE data.documents');
  sameIds('filtered page 1 with expression statistics', (await documents(false, filteredVariables)).edges.map(({ node }) => node.id), firstIds);
  sameIds(`filtered page ${deepPages + 1} with expression statistics`, (await documents(false, deepVariables)).edges.map(({ node }) => node.id), deepIds);
  process.stdout.write('with the indexes and statistics on the category and price expressions (CREATE STATISTICS, ANALYZE):\n');
  const statisticsTargets = [filteredWithCount, filteredNoCount, deepPage];
  const withStatistics = await measure(statisticsTargets);
  const plansWithStatistics = await explainAll(filteredQueries);
  for (const statement of expressionStatistics.drop) await client.query(statement);
  await client.query('ANALYZE data.documents');

  for (const name of indexes) await client.query(`DROP INDEX data."${name}"`);
  await client.query('ANALYZE data.documents');
  const left = await listIndexes();
  if (left.length > 0) throw new Error(`dx_ indexes left after dropping them: ${left.join(', ')}`);
  // The answers must not change with the plan.
  sameIds('filtered page 1 without the indexes', (await documents(false, filteredVariables)).edges.map(({ node }) => node.id), firstIds);
  sameIds(`filtered page ${deepPages + 1} without the indexes`, (await documents(false, deepVariables)).edges.map(({ node }) => node.id), deepIds);

  process.stdout.write(`without them (dropped, ANALYZE):\n`);
  const withoutTargets = [filteredWithCount, filteredNoCount, deepPage];
  const withoutIndexes = await measure(withoutTargets);
  const plansWithout = await explainAll(filteredQueries);

  const file = await writeDataListReport({
    command: quick ? 'npm run bench:data -w @fedbase/bench -- --quick' : 'npm run bench:data -w @fedbase/bench',
    machine,
    code,
    postgres: (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version,
    documentCount,
    batchSize,
    loadSeconds,
    connections,
    warmupSeconds,
    rounds,
    sliceSeconds,
    pageSize,
    deepPages,
    expectedFiltered,
    expectedContains,
    indexes: indexes.map(renameIndex),
    queries: {
      filtered: `where: ${JSON.stringify(filteredWhere)}, orderBy: ${JSON.stringify(filteredOrder)}, first: ${pageSize}`,
      contains: `where: ${JSON.stringify(containsWhere)}, orderBy: ${JSON.stringify(createdAtOrder)}, first: ${pageSize}`,
      selection: '{ totalCount edges { cursor node { id data } } pageInfo { hasNextPage endCursor } }',
    },
    withIndexes: withTargets.map((t, index) => ({ label: t.label, figures: withIndexes[index]! })),
    withStatistics: statisticsTargets.map((t, index) => ({ label: t.label, figures: withStatistics[index]! })),
    withoutIndexes: withoutTargets.map((t, index) => ({ label: t.label, figures: withoutIndexes[index]! })),
    plansWith,
    plansWithStatistics,
    plansWithout,
  });
  process.stdout.write(`wrote ${file}\n`);
  return [...withIndexes, ...withStatistics, ...withoutIndexes].every((f) => wrongAnswers(f) === 0);
}, { watchdogMs, cleanUp });
