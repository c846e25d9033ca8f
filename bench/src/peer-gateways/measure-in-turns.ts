import { readProcessUsage } from '../process-usage.ts';
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
}

/**
 * Measures targets in `rounds` short runs each, taking turns (in reverse order every other round,
 * so none always runs first after a switch): on a shared machine the load drifts, and back-to-back
 * runs would charge the drift to whichever came second. Each target's runs are pooled.
 */
export async function measureInTurns(targets: readonly TurnTarget[], rounds: number, onRun?: (index: number, sample: EndpointSample) => void): Promise<TurnFigures[]> {
  const samples = targets.map((): EndpointSample[] => []);
  const cpuSeconds = targets.map(() => 0);
  for (let round = 0; round < rounds; round += 1) {
    const order = [...targets.keys()];
    for (const index of round % 2 === 0 ? order : order.reverse()) {
      const target = targets[index]!;
      const before = readProcessUsage(target.pid)?.cpuSeconds ?? Number.NaN;
      const sample = await sampleEndpoint(target);
      cpuSeconds[index]! += (readProcessUsage(target.pid)?.cpuSeconds ?? Number.NaN) - before;
      samples[index]!.push(sample);
      onRun?.(index, sample);
    }
  }
  return samples.map((runs, index) => {
    const figures = summarizeSamples(runs);
    return { ...figures, cpuMsPerRequest: (cpuSeconds[index]! * 1000) / figures.requests, roundRequestsPerSecond: runs.map((run) => run.requests / run.durationSeconds) };
  });
}
