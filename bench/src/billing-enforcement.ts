import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningStack } from '@fedbase/testing';
import { billingConfigurations } from './billing-configurations.ts';
import { describeCode } from './describe-code.ts';
import { describeGatewayProfile } from './describe-gateway-profile.ts';
import { describeMachine } from './describe-machine.ts';
import { findBillingProblems } from './find-billing-problems.ts';
import { findProcessByName } from './find-process-by-name.ts';
import { sampleEndpoint, type EndpointSample, type MeasureOptions } from './measure-endpoint.ts';
import { measureRounds } from './measure-rounds.ts';
import { pickQuietRounds } from './pick-quiet-rounds.ts';
import { readMetering } from './read-metering.ts';
import { readRedisScriptCalls } from './read-redis-script-calls.ts';
import { startStacks } from './start-stacks.ts';
import { summarizeRounds } from './summarize-rounds.ts';
import { waitForQuietMachine } from './wait-for-quiet-machine.ts';
import { writeBillingReport, type MeasuredConfiguration } from './write-billing-report.ts';
import { readBenchOptions } from './read-bench-options.ts';
import { runBench } from './run-bench.ts';

/**
 * What plan enforcement (per-project rate limit, monthly quota check, request metering) costs the
 * gateway: stacks with enforcement off (twice), on with in-memory buckets, on with buckets in
 * Redis, measured taking turns on the same cheap query with a project's key. Everything runs on
 * 127.0.0.1.
 */
// With --cpu-prof every process of the stacks writes a V8 CPU profile; the run then says where each
// gateway spent its time, and writes no results file: the profiler's sampling slows what it measures.
const { quick, cpuProf, maxLoad, maxWaitMinutes, option } = readBenchOptions('billing-enforcement.ts [--quick] [--cpu-prof] [--redis-url=redis://127.0.0.1:6379] [--max-load=2.5] [--wait-minutes=10]');
const redisUrl = option('redis-url') ?? 'redis://127.0.0.1:6379';
const connections = 16;
// A fresh gateway needs several seconds of traffic before V8 has compiled its hot paths: at 16
// connections its throughput still doubles over the first 8 s or so, and the rounds must not see that.
const warmupSeconds = quick ? 3 : 8;
// Many short rounds rather than one long run each: the cost sought is a few percent, less than
// the drift of a shared machine over a minute, and a median over rounds shrugs off a bad one.
// A multiple of 4, so that the rotating order puts each configuration in each position alike.
const rounds = quick ? 4 : 8;
const sliceSeconds = quick ? 2 : 4;
// Each measured slice follows an unmeasured one of the same stack (see measureRounds).
const settleSeconds = 1;
// The meter flushes this often in B and C; the usage read waits twice as long after the last run.
const flushMs = 1_000;
// Rounds during which other work took more of a core than this are left out of the figures.
const maxOtherWork = 0.25;

const query = '{ plans { id requestsPerSecond } }';
const body = JSON.stringify({ query });
const isCorrectBody = (text: string) => text.includes('{"data":{"plans":[{"id":"') && !text.includes('"errors"');

// A1, A2 and B must be embedded: an inherited REDIS_URL would move their buckets to Redis too.
delete process.env['REDIS_URL'];
const configurations = billingConfigurations({ redisUrl, flushMs });

const log = (...lines: string[]) => process.stdout.write(lines.map((line) => `${line}\n`).join(''));
const running: RunningStack[] = [];
let stopping = false;
const cleanUp = async () => {
  stopping = true;
  await Promise.allSettled(running.map((stack) => stack.stop()));
};
// Two waits for a quiet machine, the start-ups (minutes each on a busy machine), the warm-ups and
// rounds, the metering check, shut-down: far below this unless something hangs.
const watchdogMs =
  configurations.length * (120_000 + (warmupSeconds + rounds * (settleSeconds + sliceSeconds)) * 1000) + 2 * maxWaitMinutes * 60_000 + 120_000;

/** One request by hand first, so a broken stack fails loudly instead of benchmarking errors. */
async function checkAnswers({ url, headers }: MeasureOptions): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (response.status !== 200 || !isCorrectBody(text)) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 500)}`);
}

const machine = describeMachine();
const code = describeCode();
await runBench(async () => {
  const cpuProfDir = cpuProf ? await mkdtemp(join(tmpdir(), 'fedbase-bench-cpu-prof-')) : undefined;
  // The limiter fails open: with Redis away, C would measure nothing but log lines. Ask it first.
  await readRedisScriptCalls(redisUrl);
  // Before the stacks start: they would idle through the wait, and start faster on quiet cores.
  const quiet = await waitForQuietMachine({ maxLoad, maxWaitMs: maxWaitMinutes * 60_000, log });
  const stacks = await startStacks({ configurations, running, cpuProfDir, stopping: () => stopping, log });
  const targets = stacks.map((stack): MeasureOptions => {
    if (!stack.firstProject) throw new Error('a stack created no first project');
    return { url: `${stack.gatewayUrl}/graphql`, body, headers: { 'x-api-key': stack.firstProject.publishableKey }, connections, durationSeconds: sliceSeconds, isCorrectBody };
  });
  // Every request with the key, answered (autocannon's count, plus the hand check) or only sent
  // (also those in flight when a run stopped): what billing counted should lie between the two.
  const served = stacks.map(() => ({ answered: 1, sent: 1 }));
  const count = (index: number, sample: EndpointSample) => {
    served[index]!.answered += sample.requests;
    served[index]!.sent += sample.sent;
  };
  for (const target of targets) await checkAnswers(target);

  // Again: the stacks took a while to start, long enough for a test run to begin meanwhile. Not
  // when the machine never got quiet in the first place: another wait would most likely be wasted.
  const quietAfterStart = await waitForQuietMachine({ maxLoad, maxWaitMs: quiet ? maxWaitMinutes * 60_000 : 0, log });
  const loadAtStart = describeMachine().loadAverage;
  for (const [index, target] of targets.entries()) {
    log(`${configurations[index]!.label}: warm-up ${warmupSeconds} s`);
    count(index, await sampleEndpoint({ ...target, durationSeconds: warmupSeconds }));
  }
  const redisPid = findProcessByName('redis-server');
  const pids: Record<string, number> = { bench: process.pid, ...(redisPid ? { redis: redisPid } : {}) };
  for (const [index, stack] of stacks.entries()) {
    for (const [name, pid] of Object.entries(stack.pids)) pids[`${configurations[index]!.key}:${name}`] = pid;
    if (stack.launcher.pid) pids[`${configurations[index]!.key}:launcher`] = stack.launcher.pid;
  }
  log(`${rounds} rounds of ${settleSeconds} + ${sliceSeconds} s per configuration at ${connections} connections, taking turns`);
  const scriptsBefore = await readRedisScriptCalls(redisUrl);
  const runs = await measureRounds({
    targets,
    rounds,
    settleSeconds,
    pids,
    onSample: count,
    onRun(index, run) {
      const f = { rps: run.sample.requests / run.sample.durationSeconds, gatewayCpu: run.cpu.byProcess[`${configurations[index]!.key}:gateway`] ?? Number.NaN };
      log(`  round ${run.round}, ${configurations[index]!.label}: ${f.rps.toFixed(0)} req/s, gateway at ${((f.gatewayCpu / run.cpu.seconds) * 100).toFixed(0)}% of a core`);
    },
  });
  const scriptCalls = (await readRedisScriptCalls(redisUrl)) - scriptsBefore;

  // Past two flush intervals everything served has reached billing; A meters nothing (expected 0).
  await new Promise((resolve) => setTimeout(resolve, 2 * flushMs));
  const metering = await Promise.all(stacks.map(readMetering));

  const counted = pickQuietRounds(runs, machine.cpus, maxOtherWork);
  const measured: MeasuredConfiguration[] = configurations.map(({ key, label, baseline, env }, index) => {
    const own = Object.keys(pids).filter((name) => name.startsWith(`${key}:`));
    const rest = own.filter((name) => name !== `${key}:gateway` && name !== `${key}:billing`);
    const processes = { gateway: [`${key}:gateway`], billing: [`${key}:billing`], 'rest of the stack': rest, 'load generator': ['bench'], ...(redisPid ? { redis: ['redis'] } : {}) };
    const summary = summarizeRounds({ runs: runs[index]!, counted: counted.rounds, processes, cores: machine.cpus });
    return { key, label, baseline, env, summary, served: served[index]!, metering: metering[index]! };
  });
  const file = cpuProfDir ? undefined : await writeBillingReport({
    command: ['npm run bench:billing -w @fedbase/bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    machine,
    code,
    quiet: { reached: quiet && quietAfterStart, maxLoad, loadAtStart },
    counted,
    maxOtherWork,
    query,
    connections,
    warmupSeconds,
    rounds,
    sliceSeconds,
    settleSeconds,
    flushMs,
    redisUrl,
    scriptCalls,
    configurations: measured,
  });
  for (const { label, summary: s, served: { answered, sent }, metering: m } of measured) {
    log(
      `${label}: ${s.requestsPerSecond.toFixed(0)} req/s, p50 ${s.p50Ms.toFixed(2)} ms, p95 ${s.p95Ms.toFixed(2)} ms, p99 ${s.p99Ms.toFixed(2)} ms, ` +
        `gateway ${s.cpuMicrosPerRequest['gateway']?.toFixed(0)} µs CPU/request; autocannon ${answered} answered, ${sent} sent; ` +
        `the gateway let through ${m.admitted ?? '–'}, billing counted ${m.billed}, usage { requests } ${m.usage}`,
    );
  }
  log(`Redis ran ${scriptCalls} scripts during the rounds`, file ? `wrote ${file}` : 'profiled: no results file written');
  if (cpuProfDir) {
    await cleanUp(); // each process writes its profile as it exits
    for (const [index, stack] of stacks.entries()) {
      const profile = await describeGatewayProfile({ dir: join(cpuProfDir, configurations[index]!.key), pid: stack.pids['gateway']!, requests: served[index]!.sent });
      log('', `${configurations[index]!.label}, gateway:`, ...profile);
    }
    log('', `profiles kept in ${cpuProfDir} (Chrome DevTools, Performance, load profile)`);
  }
  const problems = findBillingProblems(measured, scriptCalls);
  for (const problem of problems) log(`bench: ${problem}`);
  return problems.length === 0;
}, { watchdogMs, cleanUp, failure: null, errorStack: true });
