import type { RoundRun } from './measure-rounds.ts';
import { otherWorkShare } from './other-work-share.ts';

/** The rounds to take figures from, and why. */
export interface CountedRounds {
  readonly rounds: readonly number[];
  /** False when too few rounds were quiet, and every round is counted. */
  readonly quietOnly: boolean;
}

/**
 * The rounds in which other work took at most `maxOtherWork` of a core during every target's run
 * (a test run starting on the machine mid-round would charge its CPU to whichever target was
 * running then), when they are at least half of all; otherwise every round, and the report says so.
 */
export function pickQuietRounds(runsByTarget: readonly (readonly RoundRun[])[], cores: number, maxOtherWork: number): CountedRounds {
  const all = [...new Set(runsByTarget.flatMap((runs) => runs.map((run) => run.round)))].sort((a, b) => a - b);
  const quiet = all.filter((round) =>
    runsByTarget.every((runs) => runs.filter((run) => run.round === round).every((run) => otherWorkShare(run.cpu, cores) <= maxOtherWork)),
  );
  return quiet.length * 2 >= all.length ? { rounds: quiet, quietOnly: true } : { rounds: all, quietOnly: false };
}
