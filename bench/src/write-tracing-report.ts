import { baselineFigures } from './baseline-figures.ts';
import { roundTable, throughputTables } from './comparison-tables.ts';
import type { Machine } from './describe-machine.ts';
import { describeRotation } from './describe-rotation.ts';
import { explainTracingCost } from './explain-tracing-cost.ts';
import { postCount } from './list-posts.ts';
import type { CountedRounds } from './pick-quiet-rounds.ts';
import type { TracedRequests } from './read-traced-requests.ts';
import { splitConfigurations, type ComparedConfiguration } from './split-configurations.ts';
import type { SinkCounts } from './start-otlp-sink.ts';
import { spanTable, tracingCpuTable } from './tracing-report-tables.ts';
import { writeResultFile } from './write-result-file.ts';

/** One configuration's stack, its figures, and what it traced and exported. */
export interface MeasuredTracing extends ComparedConfiguration {
  /** FIELD_TRACE_SAMPLE_RATE. */
  readonly sampleRate: number;
  readonly env: Readonly<Record<string, string>>;
  /** Requests of every run (warm-up, settling, measured), answered and sent by autocannon, and the wrong answers among them. */
  readonly served: { readonly answered: number; readonly sent: number; readonly wrong: number };
  /** The gateway's own counts after the runs. */
  readonly traced: TracedRequests;
  /** What its processes exported to the sink over the whole run. */
  readonly sink: SinkCounts;
}

export interface TracingReport {
  command: string;
  machine: Machine;
  code: string;
  quiet: { reached: boolean; maxLoad: number; loadAtStart: number };
  /** The rounds the medians and CPU figures come from. */
  counted: CountedRounds;
  /** Other work, as a share of a core, past which a round is not counted. */
  maxOtherWork: number;
  query: string;
  connections: number;
  warmupSeconds: number;
  rounds: number;
  sliceSeconds: number;
  settleSeconds: number;
  exportDelayMs: number;
  /** How long the stacks took to start, one after the other. */
  startSeconds: number;
  /** Whether the sink stopped receiving spans before the figures were read. */
  settled: boolean;
  configurations: readonly MeasuredTracing[];
}

const share = (value: number) => `${(value * 100).toFixed(0)}%`;

/** Writes `bench/results/<YYYY-MM-DD>-tracing-overhead.md` and returns its path. */
export async function writeTracingReport(report: TracingReport): Promise<string> {
  const all = report.configurations;
  const { offs } = splitConfigurations(all);
  const base = baselineFigures(offs.map((c) => c.summary), report.counted.rounds);
  const otherWork = all.flatMap(({ label, summary }) => summary.otherWork.map((work, index) => ({ label, round: index + 1, work })));
  const worst = otherWork.reduce((a, b) => (b.work > a.work ? b : a));
  const keys = all.map((c) => c.key);
  const body = [
    `Code: ${report.code}. Embedded mode (PGlite), all traffic on 127.0.0.1.`,
    report.quiet.reached
      ? `The run waited for the 1-minute load average to drop below ${report.quiet.maxLoad} and the cores to be mostly idle before it started the stacks, and again before seeding and the warm-ups.`
      : `The machine did not get quiet (load average below ${report.quiet.maxLoad}, cores mostly idle) in the time allowed: measured anyway.`,
    `Load average when the warm-ups began (the stacks' start-up included): ${report.quiet.loadAtStart.toFixed(2)}. The ${all.length} stacks took ${report.startSeconds.toFixed(0)} s to start, one after the other.`,
    `Other work on the machine during the rounds (CPU besides the stacks and the benchmark): at most ${share(worst.work)} of one core (${worst.label}, round ${worst.round}).`,
    report.counted.quietOnly
      ? `Figures from ${report.counted.rounds.length} of ${report.rounds} rounds: those in which other work stayed under ${share(report.maxOtherWork)} of a core during every configuration's run.`
      : `Fewer than half the rounds had other work under ${share(report.maxOtherWork)} of a core throughout: figures from all ${report.rounds}, disturbed ones included.`,
    '',
    '## How it was measured',
    '',
    `- ${all.length} stacks started with \`startStack\` one after the other, in this order, all kept running to the end (idle while another is measured):`,
    ...all.map(({ label, env }) => `  - **${label}**: ${Object.entries(env).map(([name, value]) => `\`${name}=${value.replace(/^http:\/\/127\.0\.0\.1:\d+/, '<sink>')}\``).join(', ')}`),
    ...(offs.length === 2
      ? [
          `- Off twice (${offs.map((c) => c.key).join(' and ')}): two stacks started alike differ by several percent, so the baseline "off" is their mean, round by`,
          `  round, and ${offs.map((c) => c.key).reverse().join('/')} says how far they disagreed in this run: a difference smaller than that is not resolved.`,
        ]
      : ['- Off once (a quick run): without a second off stack this run cannot say how far two identical stacks disagree, which is often several percent.']),
    '- The sink: an OTLP/HTTP server in the benchmark process (127.0.0.1, a free port) that answers 200 to `POST <stack>/v1/traces` and counts',
    '  the spans of each JSON body (`resourceSpans[].scopeSpans[].spans[]`) by process and instrumentation scope, scanning the bytes for the',
    '  markers the serialiser writes rather than parsing them (4–5 times cheaper; the first exports of each stack are parsed too, to check the',
    '  count). Every stack exports to it under its own path, off included, so the sampled stacks pay for serialising and sending spans as a',
    "  production deployment would; the sink's own CPU is the benchmark's, counted with the load generator.",
    '- Each stack, once started: a collection `posts` (field `title`, read rule `public`) made with the secret key, a user signed up with the',
    `  publishable key, ${postCount} documents created as that user. Then \`POST /graphql {"query":"${report.query}"}\``,
    '  with `x-api-key: <publishable key>` and `authorization: Bearer <the user\'s access token>`: one fetch to data for the page, one entity',
    "  fetch to identity for the owners' emails. Every response of every run is checked: status 200, 20 edges, each owner's email the user's,",
    '  no `"errors"`, and no `ftv1` anywhere in the body (the subgraphs\' traces are the gateway\'s, never a client\'s).',
    `- ${report.connections} connections (autocannon, in the benchmark's process); ${report.warmupSeconds} s warm-up per stack, then ${report.rounds} rounds of`,
    `  ${report.sliceSeconds} s per configuration, taking turns in rotating order (${describeRotation(keys)}), each measured run right after an unmeasured`,
    `  ${report.settleSeconds} s one on the same stack: a gateway that sat idle while the others were measured starts slower (see measureRounds).`,
    `- req/s and p50/p95/p99: medians over the counted rounds of each round's own figures (a round counts when other work took at most`,
    `  ${share(report.maxOtherWork)} of a core during each of its runs, if at least half the rounds do); max and counts: all rounds pooled.`,
    '- CPU per request: user + system time of each process over the counted rounds (`/proc/<pid>/stat`) over the requests answered.',
    `- Spans: after the last run, the sink was read once no span had arrived for ${(3 * report.exportDelayMs) / 1000} s (the batch processors export every`,
    `  ${report.exportDelayMs / 1000} s, \`OTEL_BSP_SCHEDULE_DELAY\`)${report.settled ? '' : '; it was still receiving after 30 s, so the counts may be short'}. Traced requests: the gateway's own count of \`Query.documents\``,
    '  observations in `fedbase_graphql_field_duration_seconds` (fed only from ftv1 traces: one per traced request), against its count of',
    '  operations (`fedbase_gateway_sli_requests_total`), both on `/metrics`. Spans and requests are counted from the warm-ups to the end',
    "  (the sink is reset and the gateway's counters read once seeding's spans have arrived), so they are the benchmark's query alone.",
    '',
    '## Throughput and latency',
    '',
    ...throughputTables(report, base),
    '',
    '## CPU per request',
    '',
    'µs of CPU per answered request (the rest of the stack: events, files, billing and the launcher; the load generator and the sink share the',
    "benchmark's process), the share of one core the gateway used, and what each configuration adds to off's gateway and subgraphs.",
    '',
    ...tracingCpuTable(report, base),
    '',
    '## Traces and spans',
    '',
    'From the warm-ups on. Per traced request: field spans (the gateway\'s, from ftv1: `fedbase-gateway`), the gateway\'s other spans (its request,',
    "@apollo/gateway's request, plan, fetch and the like), the subgraphs' own spans; KiB of OTLP JSON sent to the sink; the sink's time counting them.",
    '',
    ...spanTable(report),
    '',
    '## Round by round',
    '',
    ...roundTable(report, base),
    '',
    '## Reading',
    '',
    ...explainTracingCost(report, base),
    '',
  ];
  return writeResultFile({ name: 'tracing-overhead', title: 'Tracing: what per-field tracing costs the gateway', command: report.command, machine: report.machine, body });
}
