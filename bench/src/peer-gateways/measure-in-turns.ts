import { readMachineCpu, readProcessUsage } from '../process-usage.ts';
import { takeTurns } from '../measure-alternately.ts';
import { sampleEndpoint, summarizeSamples, type EndpointFigures, type EndpointSample, type MeasureOptions } from '../measure-endpoint.ts';

export interface TurnTarget extends MeasureOptions {
  /** The process serving `url`, whose CPU time is charged to its requests. */
  readonly pid: number;
}

export interface TurnFigures extends EndpointFigures {
  /** The serving process's CPU time per answered request, in ms (user + system). */
  readonly cpuMsPerRequest: number;
  /** Each round's requests per second, in round order. */
  readonly roundRequestsPerSecond: readonly number[];
  /** Each round's gateway CPU per request, in ms. */
  readonly roundCpuMsPerRequest: readonly number[];
  /** Each round's CPU spent by everything but the gateway, this process (the load generator) and `workloadPids`, in cores: the machine's other work. */
  readonly roundOtherCores: readonly number[];
}

/** Measures targets in `rounds` short runs each, taking turns (takeTurns), with the serving process's CPU; each target's runs are pooled. */
export async function measureInTurns(targets: readonly TurnTarget[], rounds: number, { workloadPids = [], onRun }: { workloadPids?: readonly number[]; onRun?: (index: number, sample: EndpointSample) => void } = {}): Promise<TurnFigures[]> {
  const workloadSeconds = () => workloadPids.reduce((sum, pid) => sum + (readProcessUsage(pid)?.cpuSeconds ?? 0), 0);
  const samples = targets.map((): EndpointSample[] => []);
  const cpu = targets.map((): number[] => []);
  const others = targets.map((): number[] => []);
  await takeTurns(targets.length, rounds, async (index) => {
    const target = targets[index]!;
    const before = readProcessUsage(target.pid)?.cpuSeconds ?? Number.NaN;
    const ownBefore = process.cpuUsage();
    const machineBefore = readMachineCpu();
    const workloadBefore = workloadSeconds();
    const startedAt = performance.now();
    const sample = await sampleEndpoint(target);
    const seconds = (performance.now() - startedAt) / 1000;
    const gatewaySeconds = (readProcessUsage(target.pid)?.cpuSeconds ?? Number.NaN) - before;
    const own = process.cpuUsage(ownBefore);
    const machineBusy = readMachineCpu().busySeconds - machineBefore.busySeconds;
    cpu[index]!.push(gatewaySeconds);
    others[index]!.push((machineBusy - gatewaySeconds - (own.user + own.system) / 1e6 - (workloadSeconds() - workloadBefore)) / seconds);
    samples[index]!.push(sample);
    onRun?.(index, sample);
  });
  return samples.map((runs, index) => {
    const figures = summarizeSamples(runs);
    const cpuSeconds = cpu[index]!.reduce((sum, seconds) => sum + seconds, 0);
    return {
      ...figures,
      cpuMsPerRequest: (cpuSeconds * 1000) / figures.requests,
      roundRequestsPerSecond: runs.map((run) => run.requests / run.durationSeconds),
      roundCpuMsPerRequest: runs.map((run, round) => (cpu[index]![round]! * 1000) / run.requests),
      roundOtherCores: others[index]!,
    };
  });
}
