import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { EndpointFigures } from './measure-endpoint.ts';

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  /** 1-minute load average when the run started: other work on the machine skews the figures. */
  readonly loadAverage: number;
}

export function describeMachine(): Machine {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    loadAverage: loadavg()[0] ?? Number.NaN,
  };
}

export interface Report {
  command: string;
  machine: Machine;
  query: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  rows: ReadonlyArray<{ label: string; figures: EndpointFigures }>;
}

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
const ms = (value: number) => value.toFixed(2);

/** Writes `bench/results/<YYYY-MM-DD>-gateway-throughput.md` and returns its path. */
export async function writeReport(report: Report): Promise<string> {
  const date = new Date().toISOString().slice(0, 10);
  const { machine } = report;
  const lines = [
    `# Gateway throughput, ${date}`,
    '',
    `Command: \`${report.command}\` (from the repository root).`,
    '',
    `Machine: ${machine.cpus} CPUs (nproc; ${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; load average ${machine.loadAverage.toFixed(2)} at the start.`,
    'The load generator, the gateway and the subgraphs share these cores, so the figures are',
    'comparable with each other and with later runs on the same machine, not across machines.',
    '',
    `Query: \`POST /graphql {"query":"${report.query}"}\`, ${report.connections} connections, ` +
      `${report.warmupSeconds} s warm-up, then ${report.durationSeconds} s measured; every body is checked ` +
      '(contains `"free"`, no `"errors"`). Embedded mode (PGlite), `LOG_LEVEL=warn`, all on 127.0.0.1.',
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
  await mkdir(resultsDir, { recursive: true });
  const file = `${resultsDir}${date}-gateway-throughput.md`;
  await writeFile(file, lines.join('\n'));
  return file;
}
