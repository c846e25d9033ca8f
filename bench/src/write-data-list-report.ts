import type { Machine } from './describe-machine.ts';
import type { PlanSummary } from './explain-plan.ts';
import type { EndpointFigures } from './measure-endpoint.ts';
import type { SqlQuery } from './mirror-documents-sql.ts';
import { writeResultFile } from './write-result-file.ts';

export interface LabelledFigures {
  label: string;
  figures: EndpointFigures;
}

export interface ExplainedQuery {
  label: string;
  query: SqlQuery;
  /** true when the subgraph ran the text of mirror-documents-sql.ts; false: its own text was explained */
  mirrored: boolean;
  plan: PlanSummary;
}

export interface DataListReport {
  command: string;
  machine: Machine;
  /** describeCode() when the stack started */
  code: string;
  postgres: string;
  documentCount: number;
  batchSize: number;
  loadSeconds: number;
  connections: number;
  warmupSeconds: number;
  rounds: number;
  sliceSeconds: number;
  pageSize: number;
  deepPages: number;
  expectedFiltered: number;
  expectedContains: number;
  /** the dx_ indexes createCollection made, as the report names them */
  indexes: readonly string[];
  queries: { filtered: string; contains: string; selection: string };
  /** a, b, c, d in that order */
  withIndexes: readonly LabelledFigures[];
  /** a, b, c in that order, with the indexes and CREATE STATISTICS on the two filtered expressions */
  withStatistics: readonly LabelledFigures[];
  /** a, b, c in that order */
  withoutIndexes: readonly LabelledFigures[];
  /** a/b page, a count, c page, d page, d count */
  plansWith: readonly ExplainedQuery[];
  /** a/b page, a count, c page */
  plansWithStatistics: readonly ExplainedQuery[];
  /** a/b page, a count, c page */
  plansWithout: readonly ExplainedQuery[];
}

const ms = (value: number) => value.toFixed(1);
const tableHead = [
  '| query | req/s | p50 ms | p95 ms | p99 ms | max ms | requests | non-2xx | wrong bodies | errors | timeouts |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
const tableRow = ({ label, figures: f }: LabelledFigures) =>
  `| ${label} | ${f.requestsPerSecond.toFixed(1)} | ${ms(f.p50Ms)} | ${ms(f.p95Ms)} | ${ms(f.p99Ms)} | ${ms(f.maxMs)} | ` +
  `${f.requests} | ${f.non2xx} | ${f.wrongBodies} | ${f.errors} | ${f.timeouts} |`;

const planBlock = ({ label, mirrored, plan }: ExplainedQuery) => [
  `**${label}**: execution ${plan.executionMs.toFixed(2)} ms, planning ${plan.planningMs.toFixed(2)} ms, ` +
    `shared buffers ${plan.sharedHitBlocks} hit / ${plan.sharedReadBlocks} read` +
    (plan.jitMs > 0 ? `, JIT ${plan.jitMs.toFixed(2)} ms of it` : '') +
    (mirrored ? '' : ' (the subgraph ran another text than mirror-documents-sql.ts: this is its text)'),
  '',
  '```',
  ...plan.nodes,
  '```',
  '',
];

// The SQL once per query (the same with and without the indexes), values after it.
const sqlBlock = ({ label, query }: ExplainedQuery) => [`${label}:`, '', '```sql', query.text, `-- ${JSON.stringify(query.values)}`, '```', ''];

/** Writes `bench/results/<YYYY-MM-DD>-data-list.md` and returns its path. */
export async function writeDataListReport(report: DataListReport): Promise<string> {
  const [a, b, c, d] = report.withIndexes as [LabelledFigures, LabelledFigures, LabelledFigures, LabelledFigures];
  const [aStatistics, bStatistics, cStatistics] = report.withStatistics as [LabelledFigures, LabelledFigures, LabelledFigures];
  const [aWithout, bWithout, cWithout] = report.withoutIndexes as [LabelledFigures, LabelledFigures, LabelledFigures];
  const [pageWith, countWith, deepWith, containsPageWith, containsCountWith] = report.plansWith as [ExplainedQuery, ExplainedQuery, ExplainedQuery, ExplainedQuery, ExplainedQuery];
  const [pageStatistics, countStatistics, deepStatistics] = report.plansWithStatistics as [ExplainedQuery, ExplainedQuery, ExplainedQuery];
  const [pageWithout, countWithout, deepWithout] = report.plansWithout as [ExplainedQuery, ExplainedQuery, ExplainedQuery];
  const rate = (x: LabelledFigures) => x.figures.requestsPerSecond;
  const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}×`;

  const sqlOf = (...queries: ExplainedQuery[]) => queries.reduce((sum, x) => sum + x.plan.executionMs, 0).toFixed(2);
  const compareRow = (w: LabelledFigures, st: LabelledFigures, wo: LabelledFigures, sql: [string, string, string]) =>
    `| ${w.label} | ${rate(w).toFixed(1)} | ${rate(st).toFixed(1)} | ${rate(wo).toFixed(1)} | ${ratio(rate(w), rate(wo))} | ${ratio(rate(st), rate(wo))} | ` +
    `${ms(w.figures.p50Ms)} | ${ms(st.figures.p50Ms)} | ${ms(wo.figures.p50Ms)} | ${sql.join(' | ')} |`;
  const compare = [
    '| query | req/s indexes | req/s indexes + statistics | req/s no indexes | indexes / none | indexes + statistics / none | ' +
      'p50 ms indexes | p50 ms + statistics | p50 ms no indexes | SQL ms indexes | SQL ms + statistics | SQL ms no indexes |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    compareRow(a, aStatistics, aWithout, [sqlOf(pageWith, countWith), sqlOf(pageStatistics, countStatistics), sqlOf(pageWithout, countWithout)]),
    compareRow(b, bStatistics, bWithout, [sqlOf(pageWith), sqlOf(pageStatistics), sqlOf(pageWithout)]),
    compareRow(c, cStatistics, cWithout, [sqlOf(deepWith), sqlOf(deepStatistics), sqlOf(deepWithout)]),
  ];

  // What the figures say is computed from them, so the paragraph stays true on a rerun after the
  // subgraph changes (say, once the count is skipped when totalCount is not selected).
  const reading: string[] = [];
  const sqlMs = (x: ExplainedQuery) => `${x.plan.executionMs.toFixed(2)} ms`;
  const uses = (x: ExplainedQuery, what: string) => x.plan.nodes.some((line) => line.includes(what));
  const sorts = (x: ExplainedQuery) => x.plan.nodes.some((line) => /^\s*(Incremental )?Sort /.test(line));
  const countPart =
    `the count(*) takes ${sqlMs(countWith)} of SQL, the page ${sqlMs(pageWith)}; leaving totalCount out took the throughput from ` +
    `${rate(a).toFixed(1)} to ${rate(b).toFixed(1)} req/s (${ratio(rate(b), rate(a))}). `;
  reading.push(
    rate(b) > 1.3 * rate(a)
      ? `- **totalCount**: ${countPart}Ask for it on the first page only.`
      : `- **totalCount**: ${countPart}So little, because the subgraph counts whether or not the field is selected: ` +
          '`subgraphs/data/src/documents/list-documents.ts` (at the commit above) runs the count alongside the page for every ' +
          'request, so a client cannot save it by not asking. ' +
          `It shows most with expression statistics (below), where the page takes ${sqlMs(pageStatistics)} and the count ` +
          `${sqlMs(countStatistics)}, and (b) still ran at ${rate(bStatistics).toFixed(1)} req/s against ${rate(aStatistics).toFixed(1)} for (a). ` +
          'Counting only when `totalCount` is in the selection would let (b) save it.',
  );
  reading.push(
    `- **Deep page**: page ${report.deepPages + 1} ran at ${ratio(rate(c), rate(b))} the rate of page 1 ` +
      `(p50 ${ms(c.figures.p50Ms)} against ${ms(b.figures.p50Ms)} ms; SQL ${sqlMs(deepWith)} against ${sqlMs(pageWith)}): the cursor is a ` +
      'condition on (price, id), so the rows before it are filtered out rather than produced, sorted and skipped as with OFFSET. ' +
      (sorts(pageWith) || sorts(deepWith)
        ? 'With the indexes the plans still read every document of the category through its index and sort the matches after the cursor ' +
          '(top-N), rather than read the price index in order and stop after 21 rows (see planner statistics below): the page costs the ' +
          'category, not the depth.'
        : 'With the indexes both plans read the price index in order (backwards) and stop after 21 rows: no sort.'),
  );
  // Read in index order, a page is only as cheap as the place the scan starts: the cursor must be
  // an index condition, or the rows before it are read and dropped, as with OFFSET.
  const removedByFilter = (x: ExplainedQuery) => Math.max(0, ...x.plan.nodes.filter((line) => line.includes('Index Scan')).map((line) => Number(/removed by filter (\d+)/.exec(line)?.[1] ?? 0)));
  if (!sorts(deepStatistics) && deepStatistics.plan.executionMs > 3 * pageStatistics.plan.executionMs) {
    reading.push(
      `- **Deep page in index order**: with expression statistics (below) page 1 reads the price index in order and stops after 21 rows ` +
        `(${sqlMs(pageStatistics)}), but page ${report.deepPages + 1} takes ${sqlMs(deepStatistics)}: its index scan drops ` +
        `${removedByFilter(deepStatistics)} rows by filter. The cursor condition \`(price < $4) OR (price = $4 AND id < $5)\` is an OR, ` +
        'so it is a filter rather than an index condition, and the scan starts at the top of the index and reads every row before the ' +
        'cursor: the cost of OFFSET again, growing with depth. ANDing the redundant bound `price <= $4` into what compile-after-cursor.ts ' +
        'writes would let the scan start at the cursor (right going down after a present value; going up, the missing values that follow ' +
        'a present one need an `IS NULL` arm beside `price >= $4`).',
    );
  }
  const scans = (x: ExplainedQuery) => (uses(x, 'Seq Scan') ? 'a Seq Scan of the table' : 'no Seq Scan');
  reading.push(
    `- **Expression indexes**: with them page 1 without totalCount ran at ${ratio(rate(b), rate(bWithout))} the rate without ` +
      `(${rate(b).toFixed(1)} against ${rate(bWithout).toFixed(1)} req/s), with totalCount ${ratio(rate(a), rate(aWithout))}, ` +
      `the deep page ${ratio(rate(c), rate(cWithout))}. Without them the page SQL is ${scans(pageWithout)} (${sqlMs(pageWithout)} against ` +
      `${sqlMs(pageWith)}) and so is the count (${sqlMs(countWithout)} against ${sqlMs(countWith)}): every row of every collection is read ` +
      'and its jsonb expressions computed. The SQL times are of one query alone; under load the CPU a Seq Scan burns is taken from everything ' +
      'else on the cores, which is why throughput falls further than the single-query times suggest.',
  );
  const estimate = pageWith.plan.worstScanEstimate;
  const misjudged = estimate !== null && Math.max(estimate.actual, estimate.estimated) > 5 * Math.max(1, Math.min(estimate.actual, estimate.estimated));
  reading.push(
    `- **Planner statistics**: ` +
      (misjudged
        ? `in page 1's plan with the indexes, ${estimate.node} was estimated at ${estimate.estimated} rows and returned ${estimate.actual}. ` +
          'The dx_ indexes are partial, and the planner takes no statistics from a partial index, so it estimates a condition on ' +
          'these expressions with its defaults (0.5% of the rows for =, a third for >=), not with what ANALYZE found. '
        : `page 1's plan with the indexes has no scan misestimated by more than 5×. `) +
      `With \`CREATE STATISTICS\` on the category and price expressions (whole-table expression statistics, PostgreSQL 14+) page 1's SQL ` +
      `took ${sqlMs(pageStatistics)} instead of ${sqlMs(pageWith)}, the deep page ${sqlMs(deepStatistics)} instead of ${sqlMs(deepWith)}, ` +
      `and (b) ran at ${rate(bStatistics).toFixed(1)} req/s instead of ${rate(b).toFixed(1)} (${ratio(rate(bStatistics), rate(b))}); ` +
      `(a) at ${rate(aStatistics).toFixed(1)} instead of ${rate(a).toFixed(1)}, the count being ${sqlMs(countStatistics)}. ` +
      (sorts(pageStatistics)
        ? 'The plan still sorts.'
        : `Its plan: ${pageStatistics.plan.nodes.map((line) => line.trim().replace(/ \[.*$/, '')).join(' → ')}.`) +
      ' If the figures hold, createCollection could create such statistics next to the indexes (the statistics are per table, ' +
      'so a field name shared by several collections mixes their values, still far better than the defaults).',
  );
  const ginUsed = uses(containsPageWith, 'documents_data_idx') || uses(containsCountWith, 'documents_data_idx');
  reading.push(
    ginUsed
      ? `- **JSON contains**: the plans use the GIN index \`documents_data_idx\`; ${rate(d).toFixed(1)} req/s with totalCount ` +
          `(page ${sqlMs(containsPageWith)}, count ${sqlMs(containsCountWith)}).`
      : `- **JSON contains**: ${rate(d).toFixed(1)} req/s with totalCount, but neither plan uses the GIN index \`documents_data_idx\` ` +
          "(`USING GIN (data jsonb_path_ops)`): it answers `data @> '{\"tags\": [\"t1\"]}'`, and the where compiler writes " +
          "`(d.data->'tags') @> $2::jsonb`, an expression that index cannot serve. " +
          (uses(containsPageWith, 'created_at')
            ? `The page is cheap anyway (${sqlMs(containsPageWith)}: the (project, collection, created_at, id) btree gives the order and ` +
              'matches come early); '
            : `The page takes ${sqlMs(containsPageWith)}; `) +
          `the count is ${scans(containsCountWith)} (${sqlMs(containsCountWith)}). Compiling a JSON field's \`contains\` as ` +
          "`d.data @> jsonb_build_object('tags', $2::jsonb)` would let the GIN index serve it (the same answer for object and array " +
          "operands; for a scalar operand on an array field jsonb's array-contains-scalar rule holds at the top level only, so that case " +
          'would need to stay as it is).',
  );
  reading.push(
    '- The gateway, five subgraphs, PostgreSQL and autocannon share the cores: at 8 connections the machine is saturated and latency ' +
      'is mostly queueing, so compare rows, and the SQL times (one query alone, warm cache), rather than absolute figures.',
  );

  const f = report.queries;
  const body = [
    `Code: ${report.code}. PostgreSQL ${report.postgres} on 127.0.0.1 (a throw-away database from \`createTestDatabase\`), \`LOG_LEVEL=warn\`.`,
    '',
    '## Load',
    '',
    `One collection \`items\` (title STRING required, price INT, category STRING, published BOOLEAN, publishedAt DATETIME, tags JSON;`,
    `read rule \`public\`), ${report.documentCount} documents generated deterministically (10 categories, price 0–9999 on nine in ten,`,
    'tags on six in ten), loaded through `POST /data/collections/items/import?ids=new` with the secret key in',
    `${Math.ceil(report.documentCount / report.batchSize)} NDJSON batches of ${report.batchSize} (one transaction each, one outbox row per document):`,
    `**${report.loadSeconds.toFixed(1)} s, ${(report.documentCount / report.loadSeconds).toFixed(0)} documents/s**. Then \`VACUUM (ANALYZE)\`.`,
    `createCollection made ${report.indexes.length} partial expression indexes \`(<typed value>, id) WHERE collection_id = …\`: ${report.indexes.join(', ')}.`,
    '',
    '## Queries',
    '',
    `\`documents(collection: "items", …) ${f.selection}\` through the gateway with the publishable key, ${report.connections} connections;`,
    `${report.warmupSeconds} s warm-up each, then ${report.rounds} rounds of ${report.sliceSeconds} s per query, taking turns (see measureAlternately).`,
    'Every body is checked (contains `"edges"`, no `"errors"`). Before measuring, each answer was checked by hand: totalCount against a count',
    'of the generated documents, page 1 and the deep page against the SQL below (and the deep page against `OFFSET`), no document repeated',
    'while paging.',
    '',
    `- a. \`${f.filtered}\` with totalCount (${report.expectedFiltered} matches, ${((report.expectedFiltered / report.documentCount) * 100).toFixed(1)}%)`,
    '- b. the same without totalCount',
    `- c. the same without totalCount, \`after:\` the endCursor of page ${report.deepPages} (reached by paging), so page ${report.deepPages + 1}`,
    `- d. \`${f.contains}\` with totalCount (${report.expectedContains} matches, ${((report.expectedContains / report.documentCount) * 100).toFixed(1)}%)`,
    '',
    `### With the ${report.indexes.length} expression indexes (as createCollection makes them)`,
    '',
    ...tableHead,
    ...report.withIndexes.map(tableRow),
    '',
    '### With the indexes and statistics on the two filtered expressions',
    '',
    '`CREATE STATISTICS … ON (<category expression>)` and `… ON (<price expression>)` `FROM data.documents`, then `ANALYZE`;',
    'the answers were checked again; the statistics were dropped (and `ANALYZE` run) before the indexes.',
    '',
    ...tableHead,
    ...report.withStatistics.map(tableRow),
    '',
    '### After `DROP INDEX` of the expression indexes and `ANALYZE` (the GIN and the (project, collection, created_at, id) btree remain)',
    '',
    ...tableHead,
    ...report.withoutIndexes.map(tableRow),
    '',
    '### What the expression indexes buy',
    '',
    'SQL ms: execution time of `EXPLAIN (ANALYZE, BUFFERS)` of the same SQL, run alone on a warm cache (a: page plus count, which the subgraph runs concurrently).',
    '',
    ...compare,
    '',
    '## EXPLAIN (ANALYZE, BUFFERS)',
    '',
    'The SQL the subgraph runs for these queries, written out in `bench/src/mirror-documents-sql.ts` (from `field-value-expression.ts`,',
    '`compile-where.ts`, `normalize-order-by.ts`, `compile-after-cursor.ts`, `list-documents.ts`) and checked to return the rows the API',
    'returned, and compared with the text the subgraph ran (from pg_stat_activity); planned for the same values (node-pg sends an',
    'unnamed statement, as the subgraph does), the run of median execution time of three after a warm-up. Rows are actual rows over all',
    "loops, with the planner's estimate beside them.",
    '',
    '### The SQL',
    '',
    ...report.plansWith.flatMap(sqlBlock),
    '### With the expression indexes',
    '',
    ...report.plansWith.flatMap(planBlock),
    '### With the indexes and expression statistics',
    '',
    ...report.plansWithStatistics.flatMap(planBlock),
    '### Without the indexes',
    '',
    ...report.plansWithout.flatMap(planBlock),
    '## Reading the figures',
    '',
    ...reading,
    '',
  ];
  return writeResultFile({ name: 'data-list', title: 'Data: filtered, sorted pages of documents on PostgreSQL', command: report.command, machine: report.machine, body });
}
