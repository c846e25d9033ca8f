import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningStack } from '@fedbase/testing';
import { describeCode } from './describe-code.ts';
import { describeMachine } from './describe-machine.ts';
import { describeTracingProfile, readTracingProfile } from './describe-tracing-profile.ts';
import { findTracingProblems } from './find-tracing-problems.ts';
import { isListPostsAnswer, listPostsQuery, postCount } from './list-posts.ts';
import { sampleEndpoint, wrongAnswers, type EndpointSample, type MeasureOptions } from './measure-endpoint.ts';
import { measureRounds } from './measure-rounds.ts';
import { pickQuietRounds } from './pick-quiet-rounds.ts';
import { readTracedRequests } from './read-traced-requests.ts';
import { seedPosts } from './seed-posts.ts';
import { startOtlpSink } from './start-otlp-sink.ts';
import { startStacks } from './start-stacks.ts';
import { summarizeRounds } from './summarize-rounds.ts';
import { tracingConfigurations } from './tracing-configurations.ts';
import { waitForQuietMachine } from './wait-for-quiet-machine.ts';
import { waitForSinkToSettle } from './wait-for-sink-to-settle.ts';
import { writeTracingReport, type MeasuredTracing } from './write-tracing-report.ts';
import { readBenchOptions } from './read-bench-options.ts';
import { runBench } from './run-bench.ts';

/**
 * What per-field tracing costs the gateway: stacks tracing no request (twice), 1% (the default),
 * 5%, 10% and every request, all exporting to an OTLP sink in this process, measured taking turns
 * on a page of posts with their owners (data, then identity). Everything runs on 127.0.0.1.
 */
const { quick, cpuProf, maxLoad, maxWaitMinutes } = readBenchOptions('tracing-overhead.ts [--quick] [--cpu-prof] [--max-load=2.5] [--wait-minutes=10]');
// With --cpu-prof the gateway, data and identity of every stack write a V8 CPU profile of the warm-ups and rounds;
// the run then says where each spent its time (ftv1, spans, export, metrics), and writes no results
// file: the profiler slows what it measures. Through a preload (see profile-on-sigusr2.mjs), not
// startStacks' `--cpu-prof`: Node 20 refuses that flag in NODE_OPTIONS.
const profilePreload = fileURLToPath(new URL('./profile-on-sigusr2.mjs', import.meta.url));
const profiledProcesses = ['gateway', 'data', 'identity'] as const;
const connections = 16;
// A fresh gateway needs several seconds of traffic before V8 has compiled its hot paths.
const warmupSeconds = quick ? 2 : 6;
// Many short rounds: the cost sought is a few percent, less than a shared machine drifts in a
// minute, and a median over rounds shrugs off a bad one. A multiple of 6, the number of stacks,
// so that the rotating order puts each in each position alike.
const rounds = quick ? 3 : 12;
const sliceSeconds = quick ? 2 : 3;
// Each measured slice follows an unmeasured one of the same stack (see measureRounds).
const settleSeconds = 1;
// Rounds during which other work took more of a core than this are left out of the figures.
const maxOtherWork = 0.25;
// How long finished spans wait in the batch processor before export (OTEL_BSP_SCHEDULE_DELAY).
const exportDelayMs = 1_000;

const body = JSON.stringify({ query: listPostsQuery });
// Each stack exports under its own path of one sink; an inherited collector would get our spans.
for (const name of Object.keys(process.env)) if (name.startsWith('OTEL_') || name === 'FIELD_TRACE_SAMPLE_RATE') delete process.env[name];
const sink = await startOtlpSink();
const configurations = tracingConfigurations({ endpointFor: sink.urlFor, exportDelayMs, quick });

const log = (...lines: string[]) => process.stdout.write(lines.map((line) => `${line}\n`).join(''));
const running: RunningStack[] = [];
let stopping = false;
const cleanUp = async () => {
  stopping = true;
  await Promise.allSettled(running.map((stack) => stack.stop()));
  await sink.close();
};
// Two waits for a quiet machine, the start-ups and seeding (minutes each on a busy machine), the
// warm-ups and rounds, the wait for the last exports, shut-down: far below this unless something hangs.
const watchdogMs =
  configurations.length * (150_000 + (warmupSeconds + rounds * (settleSeconds + sliceSeconds)) * 1000) + 2 * maxWaitMinutes * 60_000 + 120_000;

/** One request by hand first, so a broken stack fails loudly instead of benchmarking errors. */
async function checkAnswer({ url, headers, isCorrectBody }: MeasureOptions): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (response.status !== 200 || !isCorrectBody(text)) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 500)}`);
}

const machine = describeMachine();
const code = describeCode();
await runBench(async () => {
  const cpuProfDir = cpuProf ? await mkdtemp(join(tmpdir(), 'fedbase-bench-cpu-prof-')) : undefined;
  // Before the stacks start: they would idle through the wait, and start faster on quiet cores.
  const quiet = await waitForQuietMachine({ maxLoad, maxWaitMs: maxWaitMinutes * 60_000, log });
  const startedAt = performance.now();
  const profiled = (dir: string) =>
    configurations.map((c) => ({ ...c, env: { ...c.env, NODE_OPTIONS: `--import=${profilePreload}`, FEDBASE_CPU_PROFILE_DIR: join(dir, c.key) } }));
  const stacks = await startStacks({ configurations: cpuProfDir ? profiled(cpuProfDir) : configurations, running, stopping: () => stopping, log });
  const startSeconds = (performance.now() - startedAt) / 1000;
  log(`${stacks.length} stacks started in ${startSeconds.toFixed(0)} s`);

  // Again: the stacks took a while to start, long enough for a test run to begin meanwhile. Not
  // when the machine never got quiet in the first place: another wait would most likely be wasted.
  const quietAfterStart = await waitForQuietMachine({ maxLoad, maxWaitMs: quiet ? maxWaitMinutes * 60_000 : 0, log });
  // After the wait, so the user's access token (15 minutes) outlives the rounds.
  const targets: MeasureOptions[] = [];
  for (const [index, stack] of stacks.entries()) {
    if (!stack.firstProject) throw new Error('a stack created no first project');
    const seeded = await seedPosts({ gatewayUrl: stack.gatewayUrl, project: stack.firstProject, count: postCount });
    const target = { url: `${stack.gatewayUrl}/graphql`, body, headers: seeded.headers, connections, durationSeconds: sliceSeconds, isCorrectBody: (text: string) => isListPostsAnswer(text, seeded) };
    await checkAnswer(target);
    log(`${configurations[index]!.label}: ${postCount} posts of ${seeded.email}, answer checked`);
    targets.push(target);
  }
  // From here on, only the benchmark's query: seeding's operations and spans are not counted.
  await waitForSinkToSettle({ sink, streams: configurations.map(({ key }) => key), quietMs: 3 * exportDelayMs, maxWaitMs: 30_000 });
  sink.reset();
  const tracedBefore = await Promise.all(stacks.map((stack) => readTracedRequests(stack.gatewayUrl, 'documents')));
  // Requests answered by autocannon and sent (those in flight when a run stopped reached the
  // gateway too), and the wrong answers of every run, warm-ups and settling runs included.
  const served = stacks.map(() => ({ answered: 0, sent: 0, wrong: 0 }));
  const count = (index: number, sample: EndpointSample) => {
    served[index]!.answered += sample.requests;
    served[index]!.sent += sample.sent;
    served[index]!.wrong += wrongAnswers(sample);
  };
  const loadAtStart = describeMachine().loadAverage;
  // Starts the profilers; the same signal after the rounds stops them and writes the profiles.
  const toggleProfilers = () => {
    for (const stack of cpuProfDir ? stacks : []) for (const name of profiledProcesses) process.kill(stack.pids[name]!, 'SIGUSR2');
  };
  toggleProfilers();
  for (const [index, target] of targets.entries()) {
    log(`${configurations[index]!.label}: warm-up ${warmupSeconds} s`);
    count(index, await sampleEndpoint({ ...target, durationSeconds: warmupSeconds }));
  }
  const pids: Record<string, number> = { bench: process.pid };
  for (const [index, stack] of stacks.entries()) {
    for (const [name, pid] of Object.entries(stack.pids)) pids[`${configurations[index]!.key}:${name}`] = pid;
    if (stack.launcher.pid) pids[`${configurations[index]!.key}:launcher`] = stack.launcher.pid;
  }
  log(`${rounds} rounds of ${settleSeconds} + ${sliceSeconds} s per configuration at ${connections} connections, taking turns`);
  const runs = await measureRounds({
    targets,
    rounds,
    settleSeconds,
    pids,
    onSample: count,
    onRun(index, run) {
      const rps = run.sample.requests / run.sample.durationSeconds;
      const gateway = run.cpu.byProcess[`${configurations[index]!.key}:gateway`] ?? Number.NaN;
      log(`  round ${run.round}, ${configurations[index]!.label}: ${rps.toFixed(0)} req/s, gateway at ${((gateway / run.cpu.seconds) * 100).toFixed(0)}% of a core`);
    },
  });

  toggleProfilers();
  // Spans finished in the last runs wait up to the export delay in each process's batch processor.
  const settled = await waitForSinkToSettle({ sink, streams: configurations.map(({ key }) => key), quietMs: 3 * exportDelayMs, maxWaitMs: 30_000 });
  const tracedAfter = await Promise.all(stacks.map((stack) => readTracedRequests(stack.gatewayUrl, 'documents')));
  const traced = tracedAfter.map((after, index) => ({ requests: after.requests - tracedBefore[index]!.requests, traced: after.traced - tracedBefore[index]!.traced }));

  const counted = pickQuietRounds(runs, machine.cpus, maxOtherWork);
  const measured: MeasuredTracing[] = configurations.map(({ key, label, baseline, sampleRate, env }, index) => {
    const own = Object.keys(pids).filter((name) => name.startsWith(`${key}:`));
    const named = (process: string) => [`${key}:${process}`];
    const rest = own.filter((name) => ![`${key}:gateway`, `${key}:data`, `${key}:identity`].includes(name));
    const processes = { gateway: named('gateway'), data: named('data'), identity: named('identity'), 'rest of the stack': rest, 'load generator and sink': ['bench'] };
    const summary = summarizeRounds({ runs: runs[index]!, counted: counted.rounds, processes, cores: machine.cpus });
    return { key, label, baseline, sampleRate, env, summary, served: served[index]!, traced: traced[index]!, sink: sink.counts(key) };
  });
  const file = cpuProfDir ? undefined : await writeTracingReport({
    command: ['npm run bench:tracing -w @fedbase/bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    machine,
    code,
    quiet: { reached: quiet && quietAfterStart, maxLoad, loadAtStart },
    counted,
    maxOtherWork,
    query: listPostsQuery,
    connections,
    warmupSeconds,
    rounds,
    sliceSeconds,
    settleSeconds,
    exportDelayMs,
    startSeconds,
    settled,
    configurations: measured,
  });
  for (const { label, summary: s, traced: t, sink: k } of measured) {
    log(
      `${label}: ${s.requestsPerSecond.toFixed(0)} req/s, p50 ${s.p50Ms.toFixed(2)} ms, p95 ${s.p95Ms.toFixed(2)} ms, p99 ${s.p99Ms.toFixed(2)} ms, ` +
        `gateway ${s.cpuMicrosPerRequest['gateway']?.toFixed(0)} µs CPU/request; traced ${t.traced} of ${t.requests} requests, ${k.spans} spans exported`,
    );
  }
  log(file ? `wrote ${file}` : 'profiled: no results file written');
  if (cpuProfDir) {
    const profiles = [];
    for (const [index, stack] of stacks.entries()) {
      const pids = Object.fromEntries(profiledProcesses.map((name) => [name, stack.pids[name]!]));
      profiles.push(await readTracingProfile({ dir: join(cpuProfDir, configurations[index]!.key), pids, requests: served[index]!.sent }));
    }
    const offIndex = configurations.findIndex((c) => c.baseline);
    const off = profiles[offIndex];
    for (const [index, { label, baseline }] of configurations.entries()) {
      log('', `${label}, CPU per request, profiled over the warm-up and the rounds (${served[index]!.sent} requests)${baseline ? '' : `, and beyond ${configurations[offIndex]!.key}`}:`);
      log(...describeTracingProfile(profiles[index]!, baseline ? undefined : off));
    }
    log('', `profiles kept in ${cpuProfDir} (Chrome DevTools, Performance, load profile)`);
  }
  const problems = findTracingProblems(measured);
  for (const problem of problems) log(`bench: ${problem}`);
  return problems.length === 0;
}, { watchdogMs, cleanUp, failure: null, errorStack: true });
