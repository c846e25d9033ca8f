import type { Machine } from './describe-machine.ts';
import type { PlanSummary } from './explain-plan.ts';
import type { EndpointFigures } from './measure-endpoint.ts';
import { writeResultFile } from './write-result-file.ts';

export interface LabelledFigures {
  label: string;
  figures: EndpointFigures;
}

export interface LabelledPlan {
  label: string;
  plan: PlanSummary;
}

export interface DataListReport {
  command: string;
  machine: Machine;
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
  /** a, b, c in that order */
  withoutIndexes: readonly LabelledFigures[];
  /** a/b page, a count, c page, d page, d count */
  plansWith: readonly LabelledPlan[];
  /** a/b page, a count, c page */
  plansWithout: readonly LabelledPlan[];
}

const ms = (value: number) => value.toFixed(1);
const tableHead = [
  '| query | req/s | p50 ms | p95 ms | p99 ms | max ms | requests | non-2xx | wrong bodies | errors | timeouts |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
const tableRow = ({ label, figures: f }: LabelledFigures) =>
  `| ${label} | ${f.requestsPerSecond.toFixed(1)} | ${ms(f.p50Ms)} | ${ms(f.p95Ms)} | ${ms(f.p99Ms)} | ${ms(f.maxMs)} | ` +
  `${f.requests} | ${f.non2xx} | ${f.wrongBodies} | ${f.errors} | ${f.timeouts} |`;

const planBlock = ({ label, plan }: LabelledPlan) => [
  `${label}: execution ${plan.executionMs.toFixed(2)} ms, planning ${plan.planningMs.toFixed(2)} ms, ` +
    `shared buffers ${plan.sharedHitBlocks} hit / ${plan.sharedReadBlocks} read`,
  '',
  '```',
  ...plan.nodes,
  '```',
  '',
];

const usesIndex = (plan: PlanSummary, name: string) => plan.nodes.some((line) => line.includes(name));

/** Writes `bench/results/<YYYY-MM-DD>-data-list.md` and returns its path. */
export async function writeDataListReport(report: DataListReport): Promise<string> {
  const [a, b, c, d] = report.withIndexes as [LabelledFigures, LabelledFigures, LabelledFigures, LabelledFigures];
  const [aWithout, bWithout, cWithout] = report.withoutIndexes as [LabelledFigures, LabelledFigures, LabelledFigures];
  const [pageWith, countWith, deepWith, containsPageWith, containsCountWith] = report.plansWith as [LabelledPlan, LabelledPlan, LabelledPlan, LabelledPlan, LabelledPlan];
  const [pageWithout, countWithout, deepWithout] = report.plansWithout as [LabelledPlan, LabelledPlan, LabelledPlan];
  const rate = (x: LabelledFigures) => x.figures.requestsPerSecond;
  const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}×`;

  const compareRow = (w: LabelledFigures, wo: LabelledFigures, sqlWith: number, sqlWithout: number) =>
    `| ${w.label} | ${rate(w).toFixed(1)} | ${rate(wo).toFixed(1)} | ${ratio(rate(w), rate(wo))} | ${ms(w.figures.p50Ms)} | ${ms(wo.figures.p50Ms)} | ` +
    `${sqlWith.toFixed(2)} | ${sqlWithout.toFixed(2)} |`;
  const compare = [
    '| query | req/s with | req/s without | with / without | p50 ms with | p50 ms without | SQL ms with | SQL ms without |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    compareRow(a, aWithout, pageWith.plan.executionMs + countWith.plan.executionMs, pageWithout.plan.executionMs + countWithout.plan.executionMs),
    compareRow(b, bWithout, pageWith.plan.executionMs, pageWithout.plan.executionMs),
    compareRow(c, cWithout, deepWith.plan.executionMs, deepWithout.plan.executionMs),
  ];

  // What the figures say is computed from them, so the paragraph stays true on a rerun after the
  // subgraph changes (say, once the count is skipped when totalCount is not selected).
  const reading: string[] = [];
  const countShare = countWith.plan.executionMs / (countWith.plan.executionMs + pageWith.plan.executionMs);
  if (rate(b) > 1.2 * rate(a)) {
    reading.push(
      `- **totalCount**: leaving it out took page 1 from ${rate(a).toFixed(1)} to ${rate(b).toFixed(1)} req/s (${ratio(rate(b), rate(a))}); ` +
        `the count(*) alone takes ${countWith.plan.executionMs.toFixed(2)} ms of SQL against ${pageWith.plan.executionMs.toFixed(2)} ms for the page.`,
    );
  } else {
    reading.push(
      `- **totalCount**: in SQL the count(*) is ${Math.round(countShare * 100)}% of the work of page 1 ` +
        `(${countWith.plan.executionMs.toFixed(2)} ms against ${pageWith.plan.executionMs.toFixed(2)} ms for the page), yet leaving totalCount out ` +
        `changed the throughput by only ${ratio(rate(b), rate(a))} (${rate(a).toFixed(1)} → ${rate(b).toFixed(1)} req/s). ` +
        'That is what happens when the subgraph counts whether or not the field is selected: at this run ' +
        '`subgraphs/data/src/documents/list-documents.ts` runs the count alongside the page for every request, so a client ' +
        'cannot save it by not asking. Counting only when `totalCount` is in the selection would give (b) most of the difference.',
    );
  }
  reading.push(
    `- **Deep page**: page ${report.deepPages + 1} after a cursor ran at ${ratio(rate(c), rate(b))} the rate of page 1 ` +
      `(p50 ${ms(c.figures.p50Ms)} against ${ms(b.figures.p50Ms)} ms; SQL ${deepWith.plan.executionMs.toFixed(2)} against ${pageWith.plan.executionMs.toFixed(2)} ms): ` +
      'keyset pagination reads from the cursor on, never the skipped rows. The price DESC NULLS LAST order is not the order of the ' +
      '`(price, id)` index (ascending, nulls last: read backwards it puts nulls first), so both pages sort the matching rows ' +
      'rather than read them in index order; see the plans.',
  );
  const indexGain = rate(b) / rate(bWithout);
  reading.push(
    `- **Expression indexes**: without them page 1 ran at ${rate(bWithout).toFixed(1)} req/s against ${rate(b).toFixed(1)} (${ratio(rate(b), rate(bWithout))} with), ` +
      `its SQL in ${pageWithout.plan.executionMs.toFixed(2)} ms against ${pageWith.plan.executionMs.toFixed(2)} ms` +
      `, the count in ${countWithout.plan.executionMs.toFixed(2)} ms against ${countWith.plan.executionMs.toFixed(2)} ms. ` +
      (indexGain > 1.2
        ? 'Without them PostgreSQL reads every document of the collection (the created_at btree narrows to the collection, not to the filter) and computes the expressions on each.'
        : 'At this size the gain is small: the whole collection is in shared buffers and scanning it costs little more than the index path; it grows with the collection.'),
  );
  const ginUsed = usesIndex(containsPageWith.plan, 'documents_data_idx') || usesIndex(containsCountWith.plan, 'documents_data_idx');
  reading.push(
    ginUsed
      ? `- **JSON contains**: the plans use the GIN index (documents_data_idx); ${rate(d).toFixed(1)} req/s with totalCount.`
      : `- **JSON contains**: ${rate(d).toFixed(1)} req/s with totalCount, but neither plan uses the GIN index \`documents_data_idx\` ` +
          "(`USING GIN (data jsonb_path_ops)`): it serves `data @> '{\"tags\":[\"t1\"]}'`, while the where compiler writes " +
          "`(d.data->'tags') @> $2::jsonb`, an expression that index cannot answer. The page is cheap anyway (the created_at btree gives the " +
          'order and the first 21 matches come early); the count reads every document of the collection. Compiling a JSON field\'s contains ' +
          "as `d.data @> jsonb_build_object('tags', $2::jsonb)` would let the GIN index serve it.",
  );
  reading.push(
    '- The gateway, five subgraphs, PostgreSQL and autocannon share the cores: at 8 connections the machine is saturated and latency ' +
      'is mostly queueing, so compare rows and the SQL times (one query alone, warm cache) rather than read absolute figures.',
  );

  const f = report.queries;
  const body = [
    `PostgreSQL ${report.postgres} on 127.0.0.1 (a throw-away database from \`createTestDatabase\`), \`LOG_LEVEL=warn\`.`,
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
    '### After `DROP INDEX` of the expression indexes and `ANALYZE` (the GIN and the (project, collection, created_at, id) btree remain)',
    '',
    ...tableHead,
    ...report.withoutIndexes.map(tableRow),
    '',
    '### What the expression indexes buy',
    '',
    'SQL ms: execution time of `EXPLAIN (ANALYZE, BUFFERS)` of the same SQL, run alone on a warm cache (a: page and count, which the subgraph runs concurrently).',
    '',
    ...compare,
    '',
    '## EXPLAIN (ANALYZE, BUFFERS)',
    '',
    'The SQL the subgraph runs for these queries, written out in `bench/src/mirror-documents-sql.ts` (from `field-value-expression.ts`,',
    '`compile-where.ts`, `normalize-order-by.ts`, `compile-after-cursor.ts`, `list-documents.ts`) and checked to return the rows the API',
    'returned; planned for the same values, the second of two runs. Row counts are actual rows over all loops.',
    '',
    '### With the expression indexes',
    '',
    ...report.plansWith.flatMap(planBlock),
    '### Without them',
    '',
    ...report.plansWithout.flatMap(planBlock),
    '## Reading the figures',
    '',
    ...reading,
    '',
  ];
  return writeResultFile({ name: 'data-list', title: 'Data: filtered, sorted pages of documents on PostgreSQL', command: report.command, machine: report.machine, body });
}
