import type { BaselineFigures } from './baseline-figures.ts';
import type { RoundsSummary } from './summarize-rounds.ts';

/** Each counted round's req/s of `s` over the baseline's in the same round. */
export const pairedRatios = (s: RoundsSummary, base: BaselineFigures, counted: readonly number[]) =>
  counted.map((round) => s.perRound[round - 1]!.requestsPerSecond / base.perRound[round - 1]!);
