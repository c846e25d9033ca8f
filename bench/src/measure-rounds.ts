import { startCpuMeter, type PhaseCpu } from './cpu-meter.ts';
import { sampleEndpoint, type EndpointSample, type MeasureOptions } from './measure-endpoint.ts';

/** One target's measured run in one round, with the CPU every metered process spent during it. */
export interface RoundRun {
  readonly round: number;
  /** 1 for the first target run in its round, 2 for the next, … */
  readonly position: number;
  readonly sample: EndpointSample;
  readonly cpu: PhaseCpu;
}

export interface MeasureRoundsOptions {
  targets: readonly MeasureOptions[];
  rounds: number;
  /** An unmeasured run of the target right before each measured one (see below). */
  settleSeconds: number;
  /** Every process to meter in each run, by name: the targets' own and the idle rest, so the CPU of other work can be told apart. */
  pids: Readonly<Record<string, number>>;
  /** Called after every run, settling ones included, with its target's index: all of them reached the server. */
  onSample?: (index: number, sample: EndpointSample) => void;
  /** Called after each measured run. */
  onRun?: (index: number, run: RoundRun) => void;
}

/**
 * Measures targets taking turns, in rounds, and keeps every round apart: figures are then medians
 * over rounds, and the targets of one round, measured seconds apart, compare pairwise.
 *
 * Two things differ from measureAlternately, both because a server that just served is faster
 * than one that sat idle while the others were measured (seen here at 10–35%: V8 shrinks an idle
 * heap and drops code it has not run lately, the CPU caches hold another process's data). Each
 * measured run follows an unmeasured one of the same target, so all start equally warm. And the
 * order rotates (A B C, B C A, C A B, …) instead of reversing: with three targets or more,
 * reversal runs the first and last twice in a row across rounds and never the middle one, and
 * rotation also puts each target in each position equally often over a multiple of their number.
 */
export async function measureRounds({ targets, rounds, settleSeconds, pids, onSample, onRun }: MeasureRoundsOptions): Promise<RoundRun[][]> {
  const runs = targets.map((): RoundRun[] => []);
  for (let round = 1; round <= rounds; round += 1) {
    const turn = targets.map((_, at) => (at + round - 1) % targets.length);
    for (const [at, index] of turn.entries()) {
      const target = targets[index]!;
      if (settleSeconds > 0) onSample?.(index, await sampleEndpoint({ ...target, durationSeconds: settleSeconds }));
      const stopMeter = startCpuMeter(pids);
      const sample = await sampleEndpoint(target);
      const run: RoundRun = { round, position: at + 1, sample, cpu: stopMeter() };
      runs[index]!.push(run);
      onSample?.(index, sample);
      onRun?.(index, run);
    }
  }
  return runs;
}
