import { subscriberCpuSeconds } from './cpu-meter.ts';
import { describeProblems } from './describe-fanout-problems.ts';
import type { Machine } from './describe-machine.ts';
import { explainLimits } from './explain-fanout-limits.ts';
import type { FanoutRun, PhaseFigures } from './measure-fanout.ts';
import type { UsageSample } from './process-usage.ts';
import { writeResultFile } from './write-result-file.ts';

export interface FanoutReport {
  command: string;
  machine: Machine;
  code: string;
  query: string;
  batchSize: number;
  gapMs: number;
  eventTimeoutMs: number;
  runs: readonly FanoutRun[];
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '–');
const mib = (sample: UsageSample, name: string) => sample[name]?.rssMiB.toFixed(0) ?? '?';
const fds = (sample: UsageSample, name: string) => String(sample[name]?.fds ?? '?');
const percentOfCore = (phase: PhaseFigures, name: string) => {
  const seconds = phase.cpu.byProcess[name];
  return seconds === undefined || !Number.isFinite(seconds) ? '–' : `${((seconds / phase.cpu.seconds) * 100).toFixed(0)}%`;
};
const closes = (run: FanoutRun) => Object.entries(run.end.closes).map(([reason, n]) => `${n} × ${reason}`).join(', ') || 'none';

/** Writes `bench/results/<YYYY-MM-DD>-realtime-fanout.md` and returns its path. */
export async function writeFanoutReport(report: FanoutReport): Promise<string> {
  const { runs } = report;
  const processNames = Object.keys(runs[0]?.steady.cpu.byProcess ?? {}).filter((name) => !name.startsWith('client-') && name !== 'bench');
  const body = [
    `Code: ${report.code}. Embedded mode (PGlite, in-process event bus), \`LOG_LEVEL=warn\`, all on 127.0.0.1.`,
    '',
    'A collection `ticks` (`sentAt` FLOAT, `seq` INT, read rule `public`) is created with the secret key. N subscribers, each',
    `its own graphql-ws connection to the gateway (\`connectionParams: { "x-api-key": <publishable key> }\`), subscribe to`,
    `\`${report.query}\`; they are opened ${report.batchSize} at a time, spread over ${runs[0]?.clientProcesses ?? '?'} subscriber process(es)`,
    '(child processes of the benchmark, so the client side has cores of its own to parse deliveries on). Events are',
    '`createDocument` mutations with the secret key over HTTP, each document carrying the publisher\'s wall-clock time in',
    '`sentAt`; a delivery\'s latency is its arrival time at the subscriber minus `sentAt`, so it covers the whole path:',
    'mutation, commit, outbox relay, event bus, the data subgraph\'s per-subscriber read-rule check and execution, the one',
    'shared socket to the gateway, the gateway\'s per-subscriber completion of the event, and the subscriber\'s socket.',
    '',
    'There is no acknowledgement that a subscription is live, so warm-up events are published, each once the previous one',
    'stopped spreading, until every subscriber has heard one and the last reached them all. Then:',
    '',
    `- **one at a time**: each event is sent once the previous one reached every subscriber (or after ${report.eventTimeoutMs / 1000} s),`,
    `  then ${report.gapMs} ms; latencies without queueing between events;`,
    '- **burst**: events sent back to back (each as soon as the previous mutation answered), then waited for; the',
    '  deliveries/s it reaches is the fan-out capacity, its latencies include queueing behind the earlier events.',
    '',
    '"First" and "last subscriber" are, per event, the latency of its first delivery (the path through the stack without',
    'the spread of the fan-out) and of its last (the time to reach everyone). Held = connected and',
    'the subscription still live after the last event. The sizes run one after the other on one stack; the subscribers',
    'of one size are closed, and the gateway\'s descriptors seen back to their level, before the next.',
    '',
    '## Subscribers held',
    '',
    '| subscribers | connected after opening | opening s | held at end | sockets closed under them | subscriptions ended | gateway RSS MiB before → subscribed → after closing | data RSS MiB | gateway fds before → subscribed → after closing | released in s |',
    '|---:|---:|---:|---:|---|---:|---|---|---|---:|',
    ...runs.map(
      (run) =>
        `| ${run.subscribers} | ${run.opened.connected} | ${run.openSeconds.toFixed(1)} | ${run.end.live} | ${closes(run)} | ${run.end.errored + run.end.completed} | ` +
        `${mib(run.usage.before, 'gateway')} → ${mib(run.usage.subscribed, 'gateway')} → ${mib(run.usage.released, 'gateway')} | ` +
        `${mib(run.usage.before, 'data')} → ${mib(run.usage.subscribed, 'data')} → ${mib(run.usage.released, 'data')} | ` +
        `${fds(run.usage.before, 'gateway')} → ${fds(run.usage.subscribed, 'gateway')} → ${fds(run.usage.released, 'gateway')} | ${run.releaseSeconds?.toFixed(1) ?? 'not within 60 s'} |`,
    ),
    '',
    ...runs.map((run) => {
      const perSubscriber = (name: string) => ((((run.usage.subscribed[name]?.rssMiB ?? Number.NaN) - (run.usage.before[name]?.rssMiB ?? Number.NaN)) * 1024) / run.subscribers).toFixed(1);
      return `${run.subscribers} subscribers: about ${perSubscriber('gateway')} KiB of gateway RSS and ${perSubscriber('data')} KiB of data-subgraph RSS each; warm-up took ${run.warmup.events} event${run.warmup.events === 1 ? '' : 's'} (${run.warmup.seconds.toFixed(1)} s)${run.warmup.heardAll ? '' : ', and not every subscriber heard one'}.`;
    }),
    '',
    '## Fan-out latency',
    '',
    '| subscribers | phase | events | deliveries expected | received | lost | p50 ms | p95 ms | p99 ms | max ms | first subscriber p50 ms | last subscriber p50 ms | p95 ms | mutation p50 ms | events/s | deliveries/s |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...runs.flatMap((run) =>
      ([['one at a time', run.steady], ['burst', run.burst]] as const).map(
        ([label, f]) =>
          `| ${run.subscribers} | ${label} | ${f.events} | ${f.expected} | ${f.received} | ${f.expected - f.received} | ${ms(f.latency.p50)} | ${ms(f.latency.p95)} | ` +
          `${ms(f.latency.p99)} | ${ms(f.latency.max)} | ${ms(f.first.p50)} | ${ms(f.complete.p50)} | ${ms(f.complete.p95)} | ${ms(f.mutation.p50)} | ${f.eventsPerSecond.toFixed(2)} | ${f.deliveriesPerSecond.toFixed(0)} |`,
      ),
    ),
    '',
    ...runs.flatMap(describeProblems),
    '## Where the CPU went',
    '',
    'CPU time of each process during the phase (utime + stime from `/proc/<pid>/stat`) as a share of one core, and how',
    `busy the whole machine was (${report.machine.cpus} cores = 100%).`,
    '',
    `| subscribers | phase | seconds | ${processNames.join(' | ')} | subscriber processes | benchmark | machine busy |`,
    `|---:|---|---:|${processNames.map(() => '---:').join('|')}|---:|---:|---:|`,
    ...runs.flatMap((run) =>
      ([['one at a time', run.steady], ['burst', run.burst]] as const).map(
        ([label, f]) =>
          `| ${run.subscribers} | ${label} | ${f.cpu.seconds.toFixed(1)} | ${processNames.map((name) => percentOfCore(f, name)).join(' | ')} | ` +
          `${((subscriberCpuSeconds(f.cpu) / f.cpu.seconds) * 100).toFixed(0)}% | ${percentOfCore(f, 'bench')} | ${(f.cpu.machineBusy * 100).toFixed(0)}% |`,
      ),
    ),
    '',
    '## What limits it',
    '',
    ...explainLimits(runs, report.machine.cpus),
    '',
  ];
  return writeResultFile({ name: 'realtime-fanout', title: 'Realtime fan-out', command: report.command, machine: report.machine, body });
}
