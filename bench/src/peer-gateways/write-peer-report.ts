import type { Machine } from '../describe-machine.ts';
import { wrongAnswers } from '../measure-endpoint.ts';
import type { RssPeak } from '../start-rss-sampler.ts';
import { writeResultFile } from '../write-result-file.ts';
import type { TurnFigures } from './measure-in-turns.ts';
import type { PeerTarget } from './peer-targets.ts';

export interface PeerReportInput {
  targets: readonly PeerTarget[];
  throughput: readonly TurnFigures[];
  rss: Readonly<Record<string, RssPeak>>;
  /** Per target in the plan cache run, in target order. */
  planCache: readonly { hit: TurnFigures; miss: TurnFigures; reformatted: TurnFigures }[] | undefined;
  connections: number;
  rounds: number;
  durationSeconds: number;
  warmupSeconds: number;
  machine: Machine;
  quick: boolean;
}

const ms = (value: number) => value.toFixed(2);
const times = (value: number) => `${value.toFixed(2)}×`;

/** The peer benchmark's tables, the console summary and the closing ratio line. */
export function writePeerReport(input: PeerReportInput): { summary: string[]; details: string[]; ratioLine: string; write: () => Promise<string> } {
  const { targets, throughput, rss } = input;
  const byKey = (key: string) => throughput[targets.findIndex((target) => target.key === key)];
  const fedbase = byKey('fedbase');
  const ratioOf = (key: string) => (fedbase?.requestsPerSecond ?? Number.NaN) / (byKey(key)?.requestsPerSecond ?? Number.NaN);
  const ratioLine = `ratio_vs_apollo_gateway=${ratioOf('apollo').toFixed(2)} ratio_vs_hive_gateway=${ratioOf('hive').toFixed(2)}`;

  const table = [
    '| gateway | req/s | p50 ms | p95 ms | p99 ms | max ms | gateway CPU ms/request | peak RSS MiB | requests | wrong answers | by round: req/s (CPU ms/request; other work, cores) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...targets.map((target, index) => {
      const f = throughput[index]!;
      const wrong = wrongAnswers(f);
      const peak = rss[target.key]?.peakMiB;
      return `| ${target.label} | ${f.requestsPerSecond.toFixed(0)} | ${ms(f.p50Ms)} | ${ms(f.p95Ms)} | ${ms(f.p99Ms)} | ${ms(f.maxMs)} | ${ms(f.cpuMsPerRequest)} | ${peak === undefined ? '?' : peak.toFixed(0)} | ${f.requests} | ${wrong} | ${f.roundRequestsPerSecond.map((rps, round) => `${rps.toFixed(0)} (${f.roundCpuMsPerRequest[round]!.toFixed(2)}; ${f.roundOtherCores[round]!.toFixed(2)})`).join(', ')} |`;
    }),
  ];
  const peers = fedbase ? ['apollo', 'hive', 'apollo-flagged', 'hive-flagged'].filter((key) => byKey(key)) : [];
  const ratios = [
    '| Fedbase / peer | req/s | p50 | p95 | p99 | gateway CPU per request |',
    '|---|---:|---:|---:|---:|---:|',
    ...peers.map((key) => {
      const peer = byKey(key)!;
      const ours = fedbase!;
      const label = targets.find((target) => target.key === key)!.label;
      return `| ${label} | ${times(ours.requestsPerSecond / peer.requestsPerSecond)} | ${times(ours.p50Ms / peer.p50Ms)} | ${times(ours.p95Ms / peer.p95Ms)} | ${times(ours.p99Ms / peer.p99Ms)} | ${times(ours.cpuMsPerRequest / peer.cpuMsPerRequest)} |`;
    }),
  ];
  const untraced = byKey('fedbase-untraced');
  const traced = byKey('fedbase-traced');
  const tracing = fedbase && untraced && traced
    ? [
        '## Field tracing',
        '',
        '| Fedbase gateway | req/s | p95 ms | CPU ms/request | throughput cost against tracing off |',
        '|---|---:|---:|---:|---:|',
        ...[['off (0)', untraced], ['sampled at 1% (default)', fedbase], ['every request (1)', traced]].map(([label, f]) => {
          const figures = f as TurnFigures;
          return `| ${label as string} | ${figures.requestsPerSecond.toFixed(0)} | ${ms(figures.p95Ms)} | ${ms(figures.cpuMsPerRequest)} | ${((1 - figures.requestsPerSecond / untraced.requestsPerSecond) * 100).toFixed(1)}% |`;
        }),
        '',
      ]
    : [];
  const planCache = input.planCache
    ? [
        '## Query plan cache: hit against miss',
        '',
        'One connection, so a latency is one request\'s own. Hit: the nested query every time (parsed, validated and',
        'planned once). Miss: a new operation name every time (`query TestQuery1`, `TestQuery2`, …), so every cache',
        'keyed by the document misses: parse, validation and planning on every request. Reformatted: the same',
        'operation behind a new comment every time (`# request 1`, …): a new text, the same normalized document.',
        'The planner names each subgraph fetch after the operation, so on a miss the subgraphs see new texts too and',
        'answer them without their memory: the latency of a miss includes their work; the gateway\'s CPU does not.',
        '',
        '| gateway | hit p50 ms | hit p95 ms | hit CPU ms | miss p50 ms | miss p95 ms | miss CPU ms | reformatted p50 ms | reformatted p95 ms | reformatted CPU ms |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
        ...targets
          .filter((target) => target.inPlanCacheRun)
          .map((target, index) => {
            const { hit, miss, reformatted } = input.planCache![index]!;
            const row = (f: TurnFigures) => `${ms(f.p50Ms)} | ${ms(f.p95Ms)} | ${ms(f.cpuMsPerRequest)}`;
            return `| ${target.label} | ${row(hit)} | ${row(miss)} | ${row(reformatted)} |`;
          }),
        '',
      ]
    : [];
  const body = [
    'The four subgraphs of the public federation gateway benchmark (accounts, inventory, products, reviews;',
    '`bench/src/federation-workload/`) in one process, answering each distinct request from memory after the first',
    '(`serve-fixture-subgraph.ts`: the same for every gateway, so the figures are the gateways\'), and each gateway in',
    'a process of its own over them. autocannon sends the nested query (`nested-query.ts`) at',
    `${input.connections} connections: a ${input.warmupSeconds} s warm-up each, then ${input.rounds} rounds of ${input.durationSeconds} s each, the gateways taking turns`,
    '(reversed every other round). Every answer is compared with the one computed from the data; any other counts',
    'as wrong. CPU per request is the gateway process\'s user + system time over its runs divided by its answers;',
    'peak RSS is sampled every 50 ms over the whole run.',
    '',
    '## Throughput and latency',
    '',
    ...table,
    '',
    ...(peers.length ? [...ratios, ''] : []),
    ...tracing,
    ...planCache,
    'Subscription fan-out (1,000 and 10,000 graphql-ws subscribers through this gateway, events/s and delivery',
    'p50/p95) is its own run on a whole stack: `npm run bench:realtime -w @fedbase/bench`, `<date>-realtime-fanout.md`.',
    '',
  ];
  const summary = peers.length ? [...table, '', ...ratios] : table;
  return {
    summary,
    /** What the file adds to the summary: the tracing and plan cache tables. */
    details: [...tracing, ...planCache],
    ratioLine,
    write: () => writeResultFile({ name: 'peer-gateways', title: 'Gateways side by side', command: input.quick ? 'npm run bench -- --quick' : 'npm run bench', machine: input.machine, body }),
  };
}
