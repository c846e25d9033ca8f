import type { BaselineFigures } from './baseline-figures.ts';
import { spanFigures } from './span-figures.ts';
import { splitConfigurations } from './split-configurations.ts';
import type { TracingReport } from './write-tracing-report.ts';

const µs = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(0));
const signedµs = (value: number) => (Number.isNaN(value) ? '–' : `${value >= 0 ? '+' : ''}${value.toFixed(0)}`);
const share = (value: number) => `${(value * 100).toFixed(0)}%`;
const one = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(1));

/** CPU per request of the gateway, the two subgraphs the query reaches, the rest, the benchmark; and what tracing adds. */
export function tracingCpuTable({ configurations: all }: TracingReport, base: BaselineFigures): string[] {
  const { offs } = splitConfigurations(all);
  const subgraphs = (c: Readonly<Record<string, number>>) => (c['data'] ?? Number.NaN) + (c['identity'] ?? Number.NaN);
  const offSubgraphs = subgraphs(base.cpuMicrosPerRequest);
  const row = (label: string, c: Readonly<Record<string, number>>, gatewayShare: string) =>
    `| ${label} | ${µs(c['gateway'])} | ${µs(c['data'])} | ${µs(c['identity'])} | ${µs(c['rest of the stack'])} | ${µs(c['load generator and sink'])} | ${gatewayShare} | ` +
    `${signedµs((c['gateway'] ?? Number.NaN) - (base.cpuMicrosPerRequest['gateway'] ?? Number.NaN))} | ${signedµs(subgraphs(c) - offSubgraphs)} |`;
  return [
    '| configuration | gateway µs | data µs | identity µs | rest of the stack µs | load generator and sink µs | gateway, share of a core | gateway − off µs | data + identity − off µs |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...all.map(({ label, summary: s }) => row(label, s.cpuMicrosPerRequest, share(s.cpuShare['gateway'] ?? Number.NaN))),
    row(`off (mean of ${offs.map((c) => c.key).join(' and ')})`, base.cpuMicrosPerRequest, ''),
  ];
}

/** What each stack traced (the gateway's count) and exported (the sink's), per request and per traced request. */
export function spanTable({ configurations: all }: TracingReport): string[] {
  return [
    '| configuration | rate | requests | traced | traced share | spans exported | spans per request | spans per traced request | of which field spans | gateway, other | subgraphs | KiB per traced request | exports | sink µs per traced request |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...all.map((c) => {
      const f = spanFigures(c);
      return (
        `| ${c.label} | ${c.sampleRate} | ${c.traced.requests} | ${c.traced.traced} | ${(f.tracedShare * 100).toFixed(2)}% | ${c.sink.spans} | ${f.spansPerRequest.toFixed(2)} | ` +
        `${one(f.spansPerTraced)} | ${one(f.fieldSpansPerTraced)} | ${one(f.gatewaySpansPerTraced)} | ${one(f.subgraphSpansPerTraced)} | ${one(f.kibPerTraced)} | ${c.sink.exports} | ${one(f.sinkMicrosPerTraced)} |`
      );
    }),
    '',
    'Spans by process and instrumentation scope:',
    '',
    ...all.filter((c) => c.sink.spans > 0).map((c) => `- ${c.key}: ${Object.entries(c.sink.spansBySource).sort(([, a], [, b]) => b - a).map(([source, spans]) => `${source} ${spans}`).join(', ')}`),
  ];
}
