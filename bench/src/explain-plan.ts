import type pg from 'pg';
import type { SqlQuery } from './mirror-documents-sql.ts';

/** What `EXPLAIN (ANALYZE, BUFFERS)` said about one query, short enough for a report. */
export interface PlanSummary {
  /** one line per plan node, indented by depth: type, index or relation, what it did, actual rows */
  readonly nodes: readonly string[];
  readonly planningMs: number;
  readonly executionMs: number;
  /** shared buffers of the whole plan: 8 KiB pages found in PostgreSQL's cache and read past it */
  readonly sharedHitBlocks: number;
  readonly sharedReadBlocks: number;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Sort Method'?: string;
  'Strategy'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Heap Fetches'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Plans'?: PlanNode[];
}

interface Explained {
  Plan: PlanNode;
  'Planning Time': number;
  'Execution Time': number;
}

function describeNode(node: PlanNode, renameIndex: (name: string) => string): string {
  const parts = [node['Node Type']];
  if (node['Strategy'] && node['Node Type'] === 'Aggregate') parts[0] = `${node['Strategy']} Aggregate`;
  if (node['Index Name']) parts.push(`using ${renameIndex(node['Index Name'])}`);
  if (node['Relation Name'] && !node['Index Name']) parts.push(`on ${node['Relation Name']}`);
  if (node['Sort Method']) parts.push(`(${node['Sort Method']})`);
  // per loop in EXPLAIN; times loops is what the node produced in all (parallel workers loop too)
  const details = [`rows ${node['Actual Rows'] * node['Actual Loops']}`];
  if (node['Actual Loops'] > 1) details.push(`${node['Actual Loops']} loops`);
  if (node['Rows Removed by Filter']) details.push(`removed by filter ${node['Rows Removed by Filter'] * node['Actual Loops']}`);
  if (node['Rows Removed by Index Recheck']) details.push(`removed by recheck ${node['Rows Removed by Index Recheck'] * node['Actual Loops']}`);
  if (node['Heap Fetches'] !== undefined) details.push(`heap fetches ${node['Heap Fetches']}`);
  return `${parts.join(' ')} [${details.join(', ')}]`;
}

/**
 * Runs `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` on `query` twice and summarises the second run,
 * so the figures are of a warm cache, like the benchmark's. With parameters node-pg sends an
 * unnamed prepared statement, planned for these values, as the subgraph's own queries are.
 * `renameIndex` shortens index names for the report.
 */
export async function explainPlan(client: pg.ClientBase, query: SqlQuery, renameIndex: (name: string) => string = (name) => name): Promise<PlanSummary> {
  const run = async () => {
    const { rows } = await client.query<{ 'QUERY PLAN': Explained[] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query.text}`, [...query.values]);
    return rows[0]!['QUERY PLAN'][0]!;
  };
  await run();
  const explained = await run();
  const nodes: string[] = [];
  const walk = (node: PlanNode, depth: number) => {
    nodes.push(`${'  '.repeat(depth)}${describeNode(node, renameIndex)}`);
    for (const child of node.Plans ?? []) walk(child, depth + 1);
  };
  walk(explained.Plan, 0);
  return {
    nodes,
    planningMs: explained['Planning Time'],
    executionMs: explained['Execution Time'],
    sharedHitBlocks: explained.Plan['Shared Hit Blocks'] ?? 0,
    sharedReadBlocks: explained.Plan['Shared Read Blocks'] ?? 0,
  };
}
