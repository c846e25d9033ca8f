import { startStack, type RunningStack } from '@fedbase/testing';
import { describeCode } from './describe-code.ts';
import { describeMachine } from './describe-machine.ts';
import { measureFanout, type FanoutRun } from './measure-fanout.ts';
import { createTickPublisher, createTicksCollection } from './publish-tick.ts';
import { runBench } from './run-bench.ts';
import { writeFanoutReport } from './write-fanout-report.ts';

/**
 * Realtime fan-out on one instance: how many graphql-ws subscribers the gateway holds, and how
 * long a document change takes to reach each of them (p50/p95), for 1,000 and 10,000 subscribers,
 * each on its own WebSocket, all listening to one collection. Everything runs on 127.0.0.1.
 */
const quick = process.argv.includes('--quick');
const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
// --sizes=10000 runs one size alone, e.g. to compare --clients on it.
const sizes = option('sizes')?.split(',').map(Number) ?? (quick ? [200, 1_000] : [1_000, 10_000]);
const events = quick ? 20 : 50;
const burstEvents = quick ? 10 : 20;
const gapMs = 200;
const eventTimeoutMs = 30_000;
// Subscribers opening at once: enough to be quick, few enough not to flood a 2-core machine.
const batchSize = 200;
// The client side parses every delivery; spread over processes it stays off the critical path
// (see the README for the measurement behind the default).
const clientProcesses = Number(option('clients') ?? 2);
if (!Number.isInteger(clientProcesses) || clientProcesses < 1 || !sizes.every((n) => Number.isInteger(n) && n > 0)) {
  process.stderr.write('usage: subscription-fanout.ts [--quick] [--sizes=1000,10000] [--clients=2]\n');
  process.exit(2);
}
const query = 'subscription { documentChanged(collection: "ticks") { operation document { data } } }';
// Start-up (under a minute idle, minutes on a busy machine), then per size: opening, warm-up,
// the events (each bounded by eventTimeoutMs), the burst and the release: far below this unless
// something hangs.
const watchdogMs = 300_000 + sizes.reduce((sum, n) => sum + n * 20 + 180_000 + events * 5_000 + 60_000 + burstEvents * n + 60_000, 0);

let stack: RunningStack | undefined;
const cleanUp = async () => {
  await stack?.stop().catch((error: unknown) => process.stderr.write(`bench: stopping the stack failed: ${String(error)}\n`));
};

const log = (line: string) => process.stdout.write(`${line}\n`);
const ms = (value: number) => value.toFixed(0);

function summarise(run: FanoutRun): void {
  const { steady, burst, end } = run;
  const rss = (sample: FanoutRun['usage']['before'], name: string) => sample[name]?.rssMiB.toFixed(0) ?? '?';
  log(`${run.subscribers} subscribers: ${end.live} held at the end (${end.connected} connected), opened in ${run.openSeconds.toFixed(1)} s`);
  for (const [label, f] of [['one at a time', steady], ['burst', burst]] as const) {
    log(
      `  ${label}: ${f.events} events, ${f.received}/${f.expected} deliveries (${f.expected - f.received} lost), latency p50 ${ms(f.latency.p50)} p95 ${ms(f.latency.p95)} ` +
        `p99 ${ms(f.latency.p99)} max ${ms(f.latency.max)} ms; first subscriber p50 ${ms(f.first.p50)} ms, last subscriber p50 ${ms(f.complete.p50)} p95 ${ms(f.complete.p95)} ms; ` +
        `${f.eventsPerSecond.toFixed(1)} events/s, ${f.deliveriesPerSecond.toFixed(0)} deliveries/s`,
    );
  }
  log(`  RSS MiB gateway ${rss(run.usage.before, 'gateway')} -> ${rss(run.usage.subscribed, 'gateway')} -> ${rss(run.usage.released, 'gateway')}, data ${rss(run.usage.before, 'data')} -> ${rss(run.usage.subscribed, 'data')} -> ${rss(run.usage.released, 'data')}`);
  const cpu = Object.entries(burst.cpu.byProcess).filter(([, seconds]) => seconds > 0.05).map(([name, seconds]) => `${name} ${((seconds / burst.cpu.seconds) * 100).toFixed(0)}%`);
  log(`  burst CPU (of one core): ${cpu.join(', ')}; machine ${(burst.cpu.machineBusy * 100).toFixed(0)}% busy`);
}

const machine = describeMachine();
const code = describeCode();
await runBench(async () => {
  log('starting the stack...');
  stack = await startStack({ env: { PASSWORD_HASH_COST: '10', AUTH_ATTEMPTS_PER_IP: '100000', LOG_LEVEL: 'warn' } });
  const project = stack.firstProject;
  if (!project) throw new Error('the stack created no first project');
  const { gatewayUrl } = stack;
  log(`stack at ${gatewayUrl}: ${Object.entries(stack.pids).map(([name, pid]) => `${name} pid ${pid}`).join(', ')}; data subgraph at ${stack.urls['data'] ?? '?'}`);
  await createTicksCollection(gatewayUrl, project.secretKey);

  const stackPids = Object.fromEntries(Object.entries(stack.pids));
  let seq = 0;
  const runs: FanoutRun[] = [];
  for (const subscribers of sizes) {
    const run = await measureFanout({
      subscribers,
      clientProcesses,
      wsUrl: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`,
      publishableKey: project.publishableKey,
      query,
      publish: createTickPublisher(gatewayUrl, project.secretKey),
      nextSeq: () => (seq += 1),
      stackPids,
      batchSize,
      events,
      gapMs,
      eventTimeoutMs,
      burstEvents,
      log,
    });
    runs.push(run);
    summarise(run);
  }

  const file = await writeFanoutReport({
    command: ['npm run bench:realtime -w @fedbase/bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    machine,
    code,
    query,
    batchSize,
    gapMs,
    eventTimeoutMs,
    runs,
  });
  log(`wrote ${file}`);
  return !runs.some((run) => run.end.live < run.subscribers || run.publishFailures > 0 || [run.steady, run.burst].some((f) => f.received < f.expected));
}, { watchdogMs, cleanUp, failure: 'subscribers were lost or deliveries missing; see the report' });
