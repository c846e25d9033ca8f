import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMachine } from './describe-machine.ts';
import { nestedQuery } from './federation-workload/nested-query.ts';
import { wrongAnswers, type EndpointSample } from './measure-endpoint.ts';
import { forkReadyProcess, type ReadyProcess } from './fork-ready-process.ts';
import { describePeerProfile } from './peer-gateways/describe-peer-profile.ts';
import { isNestedAnswer } from './peer-gateways/is-nested-answer.ts';
import { measureInTurns, type TurnFigures, type TurnTarget } from './peer-gateways/measure-in-turns.ts';
import { peerTargets, type PeerTarget } from './peer-gateways/peer-targets.ts';
import type { GatewayReady, GatewayStart } from './peer-gateways/serve-gateway-process.ts';
import type { WorkloadReady } from './peer-gateways/serve-workload-process.ts';
import { writePeerReport } from './peer-gateways/write-peer-report.ts';
import { readBenchOptions } from './read-bench-options.ts';
import { runBench } from './run-bench.ts';
import { startRssSampler } from './start-rss-sampler.ts';
import { waitForQuietMachine } from './wait-for-quiet-machine.ts';

/**
 * Fedbase's gateway side by side with the gateways users would pick instead, on the public
 * federation benchmark's workload (four subgraphs, one nested query): each gateway in its own
 * process over the same subgraphs, driven in turns at a fixed concurrency, every answer checked.
 */
const options = readBenchOptions('npm run bench [-- --quick] [--cpu-prof] [--seconds=8] [--rounds=6] [--gateways=fedbase,apollo,hive,...] [--max-load=2.5] [--wait-minutes=10]');
const { quick } = options;
const connections = 50; // the public benchmark's 50 virtual users
const warmupSeconds = quick ? 2 : 5;
// --seconds and --rounds stretch a run, e.g. for a --cpu-prof whose start-up should not dominate.
const durationSeconds = Number(options.option('seconds') ?? (quick ? 4 : 8));
const rounds = Number(options.option('rounds') ?? (quick ? 2 : 6));
const planCacheSeconds = 3;
// --gateways=fedbase,hive measures only those (the ratio line then says nan for a peer left out).
const only = options.option('gateways')?.split(',');
const targets = peerTargets({ quick }).filter((target) => !only || only.includes(target.key));
const planCacheRunMs = quick ? 0 : targets.filter((target) => target.inPlanCacheRun).length * 3 * 2 * planCacheSeconds * 1000;
const watchdogMs = 120_000 + (targets.length * (warmupSeconds + rounds * durationSeconds) * 1000 + planCacheRunMs) * 1.5 + options.maxWaitMinutes * 60_000;
const log = (line: string) => process.stdout.write(`${line}\n`);

const processes: ReadyProcess<{ type: 'ready' }>[] = [];
const cleanUp = () => Promise.allSettled(processes.map((running) => running.stop()));

const body = JSON.stringify({ query: nestedQuery });

async function checkAnswer(target: PeerTarget, url: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok || !isNestedAnswer(text)) throw new Error(`${target.label} answered ${response.status} with a wrong answer: ${text.slice(0, 500)}`);
}

const describeRun = (sample: EndpointSample) => `${(sample.requests / sample.durationSeconds).toFixed(0)} req/s`;
const anyWrong = (figures: readonly TurnFigures[]) => figures.some((f) => wrongAnswers(f) > 0);

const machine = describeMachine();

await runBench(async () => {
  if (!quick) await waitForQuietMachine({ maxLoad: options.maxLoad, maxWaitMs: options.maxWaitMinutes * 60_000, log });
  log('starting the four workload subgraphs...');
  const workload = await forkReadyProcess<WorkloadReady>(new URL('./peer-gateways/serve-workload-process.ts', import.meta.url), {}, { name: 'the workload subgraphs' });
  processes.push(workload);
  const { supergraphSdl, urls } = workload.ready;
  // --cpu-prof: where each gateway spent its CPU, to find what to make faster (written when it exits).
  const profileDir = options.cpuProf ? await mkdtemp(join(tmpdir(), 'fedbase-peer-profiles-')) : undefined;
  log(`starting ${targets.map((target) => target.key).join(', ')}...`);
  // allSettled: when one fails to start, the others are still known to cleanUp() and stopped.
  const started = await Promise.allSettled(
    targets.map((target) => {
      const start: GatewayStart = { ...target.start, supergraphSdl, subgraphUrls: urls };
      return forkReadyProcess<GatewayReady>(new URL('./peer-gateways/serve-gateway-process.ts', import.meta.url), start, { name: target.label, execArgv: [...target.nodeFlags, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])] });
    }),
  );
  for (const result of started) if (result.status === 'fulfilled') processes.push(result.value);
  const gateways = started.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
  for (const [index, target] of targets.entries()) await checkAnswer(target, gateways[index]!.ready.url);
  const pids = Object.fromEntries(targets.map((target, index) => [target.key, gateways[index]!.child.pid!]));
  const stopRss = await startRssSampler(pids);
  const turnTargets: TurnTarget[] = targets.map((target, index) => ({ url: gateways[index]!.ready.url, pid: pids[target.key]!, body, connections, durationSeconds, isCorrectBody: isNestedAnswer }));
  log(`warm-up: ${warmupSeconds} s each at ${connections} connections`);
  const workloadPids = [workload.child.pid!];
  const warmUp = await measureInTurns(turnTargets.map((target) => ({ ...target, durationSeconds: warmupSeconds })), 1);
  log(`measuring: ${rounds} rounds of ${durationSeconds} s each, in turns`);
  const throughput = await measureInTurns(turnTargets, rounds, { workloadPids, onRun: (index, sample) => log(`  ${targets[index]!.key}: ${describeRun(sample)}`) });
  const rss = await stopRss();
  const profiled = targets.map((target, index) => ({ label: target.label, pid: pids[target.key]!, requests: throughput[index]!.requests + warmUp[index]!.requests }));

  let planCache: { hit: TurnFigures; miss: TurnFigures; reformatted: TurnFigures }[] | undefined;
  if (!quick) {
    // One connection, so latency is the request's own: the same document every time (cached parse,
    // validation and plan), a new operation name every time (none of them cached), and the same
    // operation with a new comment every time (a new text, the same normalized document).
    log(`plan cache: ${planCacheSeconds} s hit, miss and reformatted per gateway, one connection, 2 rounds`);
    let unique = 0;
    const renamed = () => JSON.stringify({ query: nestedQuery.replace('query TestQuery', `query TestQuery${(unique += 1)}`) });
    const reformatted = () => JSON.stringify({ query: `# request ${(unique += 1)}\n${nestedQuery}` });
    const cacheTargets = turnTargets.filter((_, index) => targets[index]!.inPlanCacheRun).flatMap((target) => [
      { ...target, connections: 1, durationSeconds: planCacheSeconds },
      { ...target, connections: 1, durationSeconds: planCacheSeconds, nextBody: renamed },
      { ...target, connections: 1, durationSeconds: planCacheSeconds, nextBody: reformatted },
    ]);
    const figures = await measureInTurns(cacheTargets, 2, { workloadPids });
    planCache = figures.flatMap((hit, index) => (index % 3 === 0 ? [{ hit, miss: figures[index + 1]!, reformatted: figures[index + 2]! }] : []));
  }

  const report = writePeerReport({ targets, throughput, rss, planCache, connections, rounds, durationSeconds, warmupSeconds, machine, quick });
  log('');
  for (const line of report.summary) log(line);
  // A partial run (--quick, --gateways) is for checking and profiling, not for the record.
  if (!quick && !only) log(`wrote ${await report.write()}`);
  else for (const line of report.details) log(line);
  log(report.ratioLine);
  if (profileDir) {
    await cleanUp(); // each gateway writes its profile as it exits
    for (const gateway of profiled) log((await describePeerProfile({ dir: profileDir, ...gateway })).join('\n'));
  }
  return !anyWrong(throughput) && !(planCache && anyWrong(planCache.flatMap(({ hit, miss, reformatted }) => [hit, miss, reformatted])));
}, { watchdogMs, cleanUp });
