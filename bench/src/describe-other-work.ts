import type { CountedRounds } from './pick-quiet-rounds.ts';

/**
 * The report line on other work during the rounds: none worth mentioning, rounds left out for it,
 * or every round counted although disturbed. `otherWork` is each round's share of a core.
 */
export function describeOtherWork({ otherWork, maxOtherWork, rounds, counted }: { otherWork: readonly number[]; maxOtherWork: number; rounds: number; counted: CountedRounds }): string {
  const worst = Math.max(...otherWork);
  const left = rounds - counted.rounds.length;
  return worst <= maxOtherWork
    ? `- Other work stayed under ${(maxOtherWork * 100).toFixed(0)}% of a core in every round (at most ${(worst * 100).toFixed(0)}%).`
    : counted.quietOnly
      ? `- Other work took up to ${(worst * 100).toFixed(0)}% of a core: ${left} round${left === 1 ? ' was' : 's were'} left out of the figures for it.`
      : `- Other work took up to ${(worst * 100).toFixed(0)}% of a core in most rounds, and every round is counted: rerun on a quiet machine to trust a difference of a few percent.`;
}
