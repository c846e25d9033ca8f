import { baselineFigures } from './baseline-figures.ts';
import { cpuTable, meteringTable } from './billing-report-tables.ts';
import { roundTable, throughputTables } from './comparison-tables.ts';
import type { Machine } from './describe-machine.ts';
import { describeRotation } from './describe-rotation.ts';
import { explainBillingCost } from './explain-billing-cost.ts';
import type { CountedRounds } from './pick-quiet-rounds.ts';
import type { Metering } from './read-metering.ts';
import { splitConfigurations } from './split-configurations.ts';
import type { RoundsSummary } from './summarize-rounds.ts';
import { writeResultFile } from './write-result-file.ts';

/** One configuration's stack, its figures, and what was metered of it. */
export interface MeasuredConfiguration {
  readonly key: string;
  readonly label: string;
  /** Enforcement off: one of the stacks the others are compared with. */
  readonly baseline: boolean;
  readonly env: Readonly<Record<string, string>>;
  readonly summary: RoundsSummary;
  /** Requests with the project's key, answered and sent by autocannon (plus the hand check). */
  readonly served: { readonly answered: number; readonly sent: number };
  /** The counts of the gateway and billing after the runs. */
  readonly metering: Metering;
}

export interface BillingReport {
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
  flushMs: number;
  redisUrl: string;
  /** Lua scripts Redis ran during the rounds (one per token taken from a shared bucket). */
  scriptCalls: number;
  configurations: readonly MeasuredConfiguration[];
}

const share = (value: number) => `${(value * 100).toFixed(0)}%`;
const envText = (env: Readonly<Record<string, string>>) => Object.entries(env).map(([name, value]) => `\`${name}=${value}\``).join(', ');

/** Writes `bench/results/<YYYY-MM-DD>-billing-enforcement.md` and returns its path. */
export async function writeBillingReport(report: BillingReport): Promise<string> {
  const all = report.configurations;
  const { offs, control } = splitConfigurations(all);
  const base = baselineFigures(offs.map((c) => c.summary), report.counted.rounds);
  const offKeys = offs.map((c) => c.key).join(' and ');
  const otherWork = all.flatMap(({ label, summary }) => summary.otherWork.map((work, index) => ({ label, round: index + 1, work })));
  const worst = otherWork.reduce((a, b) => (b.work > a.work ? b : a));
  // The configuration whose buckets are in Redis, and what it answered while the scripts were counted.
  const withRedis = all.find(({ env }) => env['REDIS_URL'] !== undefined);
  const redisAnswered = withRedis?.summary.pooled.requests ?? 0;
  const body = [
    `Code: ${report.code}. Embedded mode (PGlite), all traffic on 127.0.0.1.`,
    report.quiet.reached
      ? `The run waited for the 1-minute load average to drop below ${report.quiet.maxLoad} and the cores to be mostly idle before it started the stacks, and again before the warm-ups.`
      : `The machine did not get quiet (load average below ${report.quiet.maxLoad}, cores mostly idle) in the time allowed: measured anyway.`,
    `Load average when the warm-ups began (the stacks' start-up included): ${report.quiet.loadAtStart.toFixed(2)}.`,
    `Other work on the machine during the rounds (CPU besides the stacks, Redis and the benchmark): at most ${share(worst.work)} of one core (${worst.label}, round ${worst.round}).`,
    report.counted.quietOnly
      ? `Figures from ${report.counted.rounds.length} of ${report.rounds} rounds: those in which other work stayed under ${share(report.maxOtherWork)} of a core during every configuration's run.`
      : `Fewer than half the rounds had other work under ${share(report.maxOtherWork)} of a core throughout: figures from all ${report.rounds}, disturbed ones included.`,
    '',
    '## How it was measured',
    '',
    `- ${all.length} stacks started with \`startStack\` one after the other, in this order, all kept running to the end (idle while another is measured):`,
    ...all.map(({ label, env }) => `  - **${label}**: ${envText(env)}`),
    ...(control
      ? [
          `- ${offKeys} are the same configuration twice: stacks started alike differ by several percent, so the baseline ("off") is`,
          `  their mean, round by round, and ${control.label} shows how far two identical stacks disagree in this run.`,
        ]
      : []),
    "- startStack's default plan catalogue: one plan of 1,000,000 requests per second and no monthly quota, so nothing is refused",
    '  but every request with a key takes a token, has its quota checked and is counted.',
    `- Query: \`POST /graphql {"query":"${report.query}"}\` with \`x-api-key: <the first project's publishable key>\` (anonymous`,
    '  requests are not enforced), answered by billing from its static catalogue without a database. Every response is checked:',
    '  status 200, a list of plans, no `"errors"`. `plans` is one of billing\'s own root fields, which the quota check lets through',
    '  without looking at the count (a project over its quota can still see plans and upgrade); the limits are read from the same',
    '  cache for the rate limit just before, so a quota-checked field would add a cached lookup and a comparison.',
    `- ${report.connections} connections (autocannon, in the benchmark's process); ${report.warmupSeconds} s warm-up per stack, then ${report.rounds} rounds of`,
    `  ${report.sliceSeconds} s per configuration, taking turns so drift on the machine hits all alike, in rotating order (${describeRotation(all.map((c) => c.key))}),`,
    `  each measured run right after an unmeasured ${report.settleSeconds} s one on the same stack: a gateway that sat idle while the others were`,
    '  measured starts slower (see measureRounds).',
    `- req/s and p50/p95/p99: medians over the counted rounds of each round's own figures (a round counts when other work took at`,
    `  most ${share(report.maxOtherWork)} of a core during each of its runs, if at least half the rounds do); max and counts: all rounds pooled.`,
    '- CPU per request: user + system time of each process over the counted rounds (`/proc/<pid>/stat`) over the requests answered.',
    `- Metering, ${(2 * report.flushMs) / 1000} s after the last run (the meter flushes every ${report.flushMs / 1000} s): the gateway's own count of the requests it let`,
    "  through (`fedbase_gateway_admitted_requests_total` on `/metrics`), billing's count (`GET /internal/limits` with the operator's",
    "  secret, which is no request of the project), then `{ usage { requests } }` with the project's secret key.",
    '',
    '## Throughput and latency',
    '',
    ...throughputTables(report, base),
    '',
    '## CPU per request',
    '',
    'µs of CPU per answered request (the rest of the stack: identity, data, events, files and the launcher), and the share of one',
    'core the gateway and billing used, over the counted rounds.',
    '',
    ...cpuTable(report, base),
    '',
    '## Round by round',
    '',
    ...roundTable(report, base),
    '',
    '## Metering',
    '',
    'Requests with the key over the whole run (warm-ups, settling and measured runs, and the one checked by hand): answered and',
    'sent by autocannon (sent includes those in flight when a run stopped), let through by the gateway by its own counter,',
    "counted by billing, and what the project's `usage { requests }` said last (the query counts itself when a flush lands",
    "between the gateway letting it through and billing resolving it). Billing's count must equal the gateway's.",
    '',
    ...meteringTable(report),
    '',
    `Redis (\`${report.redisUrl}\`) ran ${report.scriptCalls} Lua scripts (EVALSHA/EVAL) during the rounds, against ${redisAnswered} requests ${withRedis?.key ?? '–'} answered in their`,
    `measured runs (its settling runs take tokens too): ${report.scriptCalls >= redisAnswered ? 'at least one per request, so its buckets were in Redis' : 'fewer than one per request, so some of its buckets were not in Redis'}.`,
    '',
    '## Reading',
    '',
    ...explainBillingCost(report, base),
    '',
  ];
  return writeResultFile({ name: 'billing-enforcement', title: 'Billing: what plan enforcement costs the gateway', command: report.command, machine: report.machine, body });
}
