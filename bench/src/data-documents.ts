import { createTestDatabase, startStack, type RunningStack, type TestDatabase } from '@fedbase/testing';
import pg from 'pg';
import { describeMachine } from './describe-machine.ts';
import { measureAlternately } from './measure-alternately.ts';
import type { EndpointFigures, MeasureOptions } from './measure-endpoint.ts';
import { writeResultFile } from './write-result-file.ts';

/**
 * What a filtered, sorted page of documents costs on a large collection, through the gateway on
 * PostgreSQL: page 1 with and without totalCount, a page 50 deep (keyset pagination should keep it
 * as cheap as page 1), a JSON containment filter; then the same after dropping the collection's
 * per-field expression indexes, to show what they buy. Everything runs on 127.0.0.1.
 */
const quick = process.argv.includes('--quick');
const documentCount = quick ? 20_000 : 100_000;
const batchSize = 20_000;
const connections = 8;
const rounds = quick ? 2 : 4;
const sliceSeconds = quick ? 1 : 2;
const watchdogMs = 600_000;

let database: TestDatabase | undefined;
let stack: RunningStack | undefined;
const cleanUp = async () => {
  await stack?.stop().catch(() => undefined);
  await database?.drop().catch(() => undefined);
};
const watchdog = setTimeout(() => {
  process.stderr.write(`bench: gave up after ${watchdogMs / 1000} s\n`);
  void cleanUp().finally(() => process.exit(1));
}, watchdogMs);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

const categories = Array.from({ length: 10 }, (_, i) => `c${i}`);
/** Deterministic, varied documents: every tenth has no price, tags on a third. */
function documentAt(i: number) {
  const data: Record<string, unknown> = {
    title: `item ${i}`,
    category: categories[(i * 7) % 10],
    published: i % 3 === 0,
    publishedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
  };
  if (i % 10 !== 0) data['price'] = (i * 7919) % 10_000;
  if (i % 3 === 1) data['tags'] = [`t${i % 5}`, `t${(i + 1) % 5}`];
  return { data };
}

const page = (args: string, count = true) =>
  `{ documents(collection: "items", ${args}, first: 20) { ${count ? 'totalCount ' : ''}edges { cursor node { id data } } pageInfo { hasNextPage endCursor } } }`;
const filtered = 'where: { category: { eq: "c3" }, price: { gte: 5000 } }, orderBy: [{ field: "price", direction: DESC }]';
const isPage = (text: string) => text.includes('"edges"') && !text.includes('"errors"');

let failed = false;
try {
  const machine = describeMachine();
  database = await createTestDatabase();
  process.stdout.write('starting the stack on PostgreSQL...\n');
  stack = await startStack({ env: { DATABASE_URL: database.url, LOG_LEVEL: 'warn' } });
  const project = stack.firstProject;
  if (!project) throw new Error('no first project');
  const graphql = async (query: string, key = project.secretKey) => {
    const response = await fetch(`${stack!.gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query }) });
    const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
    if (body.errors) throw new Error(`${query.slice(0, 80)}: ${JSON.stringify(body.errors)}`);
    return body.data!;
  };
  await graphql(`mutation { createCollection(name: "items", rules: { read: "public" }, fields: [
    { name: "title", type: STRING, required: true }, { name: "price", type: INT }, { name: "category", type: STRING },
    { name: "published", type: BOOLEAN }, { name: "publishedAt", type: DATETIME }, { name: "tags", type: JSON }]) { name } }`);

  process.stdout.write(`loading ${documentCount} documents...\n`);
  const loadStart = performance.now();
  for (let start = 0; start < documentCount; start += batchSize) {
    const lines = Array.from({ length: Math.min(batchSize, documentCount - start) }, (_, i) => JSON.stringify(documentAt(start + i))).join('\n');
    const response = await fetch(`${stack.gatewayUrl}/data/collections/items/import?ids=new`, { method: 'POST', headers: { 'x-api-key': project.secretKey }, body: lines });
    if (!response.ok) throw new Error(`import answered ${response.status}: ${await response.text()}`);
  }
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  await db.query('ANALYZE data.documents');

  // A cursor 50 pages into the filtered order, reached the way a client would.
  let deepCursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const data = await graphql(page(`${filtered}${deepCursor ? `, after: "${deepCursor}"` : ''}`, false), project.publishableKey);
    deepCursor = data['documents'].pageInfo.endCursor;
  }
  const target = (label: string, query: string): MeasureOptions & { label: string } => ({
    label,
    url: `${stack!.gatewayUrl}/graphql`,
    body: JSON.stringify({ query }),
    headers: { 'x-api-key': project.publishableKey },
    connections,
    durationSeconds: sliceSeconds,
    isCorrectBody: isPage,
  });
  const targets = [
    target('page 1, filter + sort, with totalCount', page(filtered)),
    target('page 1, filter + sort, no totalCount', page(filtered, false)),
    target('page 51 (keyset cursor), no totalCount', page(`${filtered}, after: "${deepCursor}"`, false)),
    target('JSON contains (GIN), by createdAt, with totalCount', page('where: { tags: { contains: ["t1"] } }')),
  ];
  process.stdout.write(`measuring ${targets.length} queries, ${rounds} rounds of ${sliceSeconds} s each...\n`);
  const withIndexes = await measureAlternately(targets, rounds);

  const { rows: indexes } = await db.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = 'data' AND indexname LIKE 'dx_%'");
  for (const { indexname } of indexes) await db.query(`DROP INDEX data."${indexname}"`);
  await db.query('ANALYZE data.documents');
  process.stdout.write(`dropped ${indexes.length} expression indexes; measuring again...\n`);
  const withoutIndexes = await measureAlternately(targets.slice(0, 3), rounds);
  await db.end();

  const row = (label: string, f: EndpointFigures) =>
    `| ${label} | ${f.requestsPerSecond.toFixed(0)} | ${f.p50Ms.toFixed(1)} | ${f.p95Ms.toFixed(1)} | ${f.p99Ms.toFixed(1)} | ${f.requests} | ${f.non2xx + f.wrongBodies + f.errors + f.timeouts} |`;
  const header = ['| query | req/s | p50 ms | p95 ms | p99 ms | requests | bad answers |', '|---|---:|---:|---:|---:|---:|---:|'];
  const file = await writeResultFile({
    name: 'data-list',
    title: 'Data: filtered, sorted pages on a large collection',
    command: quick ? 'npm run bench:data -w @fedbase/bench -- --quick' : 'npm run bench:data -w @fedbase/bench',
    machine,
    body: [
      `PostgreSQL 15 (local), ${documentCount} documents in one collection of six typed fields, loaded through`,
      `\`POST /data/collections/items/import\` in ${Math.ceil(documentCount / batchSize)} batches: ${loadSeconds.toFixed(1)} s (${(documentCount / loadSeconds).toFixed(0)} documents/s, one outbox row each).`,
      `Queries through the gateway with the publishable key (rule read: public), ${connections} connections, ${rounds} rounds of ${sliceSeconds} s per query taking turns; every body checked (edges, no errors).`,
      `Filter: \`${filtered}\` (about 5% of the documents match), \`first: 20\`.`,
      '',
      '## With the per-field expression indexes (as createCollection makes them)',
      '',
      ...header,
      ...targets.map((t, i) => row(t.label, withIndexes[i]!)),
      '',
      `## After dropping the ${indexes.length} expression indexes (GIN and the created_at btree remain)`,
      '',
      ...header,
      ...targets.slice(0, 3).map((t, i) => row(t.label, withoutIndexes[i]!)),
      '',
      'Reading the figures: the gateway, the subgraphs, PostgreSQL and the load generator share two cores, so',
      'the absolute numbers are low; compare rows. totalCount counts every matching row, which no index makes',
      'free on a large match; clients that page through results should ask for it on the first page only.',
      '',
    ],
  });
  process.stdout.write(`wrote ${file}\n`);
  failed = [...withIndexes, ...withoutIndexes].some((f) => f.non2xx + f.wrongBodies + f.errors + f.timeouts > 0);
} catch (error) {
  failed = true;
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
} finally {
  clearTimeout(watchdog);
  await cleanUp();
}
process.exit(failed ? 1 : 0);
