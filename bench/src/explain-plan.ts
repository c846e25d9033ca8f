import type pg from 'pg';
import type { SqlQuery } from './mirror-documents-sql.ts';

/** What `EXPLAIN (ANALYZE, BUFFERS)` said about one query, short enough for a report. */
export interface PlanSummary {
  /** one line per plan node, indented by depth: type, index or relation, what it did, actual rows */
  readonly nodes: readonly string[];
  readonly planningMs: number;
  readonly executionMs: number;
  /** time spent compiling expressions (JIT), included in executionMs; 0 when JIT did not run */
  readonly jitMs: number;
  /** shared buffers of the whole plan: 8 KiB pages found in PostgreSQL's cache and read past it */
  readonly sharedHitBlocks: number;
  readonly sharedReadBlocks: number;
  /** the scan whose row estimate was furthest from the actual rows, in either direction */
  readonly worstScanEstimate: { node: string; estimated: number; actual: number } | null;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Sort Method'?: string;
  'Strategy'?: string;
  'Scan Direction'?: string;
  'Plan Rows': number;
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
  JIT?: { Timing?: { Total?: number } };
}

function describeNode(node: PlanNode, renameIndex: (name: string) => string): string {
  const parts = [node['Node Type']];
  if (node['Strategy'] && node['Node Type'] === 'Aggregate') parts[0] = `${node['Strategy']} Aggregate`;
  if (node['Scan Direction'] === 'Backward') parts[0] = `${node['Node Type']} Backward`;
  if (node['Index Name']) parts.push(`using ${renameIndex(node['Index Name'])}`);
  if (node['Relation Name'] && !node['Index Name']) parts.push(`on ${node['Relation Name']}`);
  if (node['Sort Method']) parts.push(`(${node['Sort Method']})`);
  // per loop in EXPLAIN; times loops is what the node produced in all (parallel workers loop too).
  // The estimate beside it: a plan is chosen on estimates, so a wrong one explains a slow plan.
  const loops = node['Actual Loops'];
  const details = [`rows ${node['Actual Rows'] * loops} (est. ${Math.round(node['Plan Rows'] * Math.max(loops, 1))})`];
  if (loops > 1) details.push(`${loops} loops`);
  if (node['Rows Removed by Filter']) details.push(`removed by filter ${node['Rows Removed by Filter'] * loops}`);
  if (node['Rows Removed by Index Recheck']) details.push(`removed by recheck ${node['Rows Removed by Index Recheck'] * loops}`);
  if (node['Heap Fetches'] !== undefined) details.push(`heap fetches ${node['Heap Fetches']}`);
  return `${parts.join(' ')} [${details.join(', ')}]`;
}

/**
 * Runs `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` on `query` once to warm the cache (as the
 * benchmark's runs had it), then three times, and summarises the run of median execution time:
 * one run of a few milliseconds on a shared 2-core machine is noise. With parameters node-pg sends
 * an unnamed prepared statement, planned for these values, as the subgraph's own queries are.
 * `renameIndex` shortens index names for the report.
 */
export async function explainPlan(client: pg.ClientBase, query: SqlQuery, renameIndex: (name: string) => string = (name) => name): Promise<PlanSummary> {
  const run = async () => {
    const { rows } = await client.query<{ 'QUERY PLAN': Explained[] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query.text}`, [...query.values]);
    return rows[0]!['QUERY PLAN'][0]!;
  };
  await run();
  const runs = [await run(), await run(), await run()].sort((x, y) => x['Execution Time'] - y['Execution Time']);
  const explained = runs[1]!;
  const nodes: string[] = [];
  let worstScanEstimate: PlanSummary['worstScanEstimate'] = null;
  const misestimate = (estimated: number, actual: number) => Math.max(estimated, actual) / Math.max(1, Math.min(estimated, actual));
  // `stopsEarly`: a Limit above with nothing in between that reads its whole input (a Sort, an
  // Aggregate, a Hash), so the node's actual rows say nothing of its estimate.
  const walk = (node: PlanNode, depth: number, stopsEarly: boolean) => {
    const line = describeNode(node, renameIndex);
    nodes.push(`${'  '.repeat(depth)}${line}`);
    if (node['Node Type'].endsWith('Scan') && !stopsEarly && node['Actual Loops'] > 0) {
      const loops = node['Actual Loops'];
      const candidate = { node: line.replace(/ \[.*$/, ''), estimated: Math.round(node['Plan Rows'] * loops), actual: node['Actual Rows'] * loops };
      if (!worstScanEstimate || misestimate(candidate.estimated, candidate.actual) > misestimate(worstScanEstimate.estimated, worstScanEstimate.actual)) {
        worstScanEstimate = candidate;
      }
    }
    const readsAll = ['Sort', 'Aggregate', 'Hash'].includes(node['Node Type']);
    for (const child of node.Plans ?? []) walk(child, depth + 1, node['Node Type'] === 'Limit' || (stopsEarly && !readsAll));
  };
  walk(explained.Plan, 0, false);
  return {
    nodes,
    planningMs: explained['Planning Time'],
    executionMs: explained['Execution Time'],
    jitMs: explained.JIT?.Timing?.Total ?? 0,
    sharedHitBlocks: explained.Plan['Shared Hit Blocks'] ?? 0,
    sharedReadBlocks: explained.Plan['Shared Read Blocks'] ?? 0,
    worstScanEstimate,
  };
}
