import type { Machine } from './describe-machine.ts';
import type { EndpointFigures } from './measure-endpoint.ts';
import { writeResultFile } from './write-result-file.ts';

export interface Report {
  command: string;
  machine: Machine;
  query: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  rows: ReadonlyArray<{ label: string; figures: EndpointFigures }>;
}

const ms = (value: number) => value.toFixed(2);

/** Writes `bench/results/<YYYY-MM-DD>-gateway-throughput.md` and returns its path. */
export async function writeReport(report: Report): Promise<string> {
  const lines = [
    `Query: \`POST /graphql {"query":"${report.query}"}\`, ${report.connections} connections, ` +
      `${report.warmupSeconds} s warm-up, then ${report.durationSeconds} s measured; every body is checked ` +
      '(a list of plans, no `"errors"`). Embedded mode (PGlite), `LOG_LEVEL=warn`, all on 127.0.0.1.',
    '',
    '| target | req/s | p50 ms | p95 ms | p99 ms | max ms | requests | non-2xx | wrong bodies | errors | timeouts |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...report.rows.map(
      ({ label, figures: f }) =>
        `| ${label} | ${f.requestsPerSecond.toFixed(0)} | ${ms(f.p50Ms)} | ${ms(f.p95Ms)} | ${ms(f.p99Ms)} | ${ms(f.maxMs)} | ` +
        `${f.requests} | ${f.non2xx} | ${f.wrongBodies} | ${f.errors} | ${f.timeouts} |`,
    ),
    '',
  ];
  const [gateway, direct] = report.rows;
  if (gateway && direct && direct.figures.requestsPerSecond > 0) {
    const ratio = gateway.figures.requestsPerSecond / direct.figures.requestsPerSecond;
    lines.push(`Through the gateway: ${(ratio * 100).toFixed(0)}% of the subgraph's own throughput; ` +
      `p50 +${ms(gateway.figures.p50Ms - direct.figures.p50Ms)} ms.`, '');
  }
  return writeResultFile({ name: 'gateway-throughput', title: 'Gateway throughput', command: report.command, machine: report.machine, body: lines });
}
