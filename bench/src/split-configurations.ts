import type { RoundsSummary } from './summarize-rounds.ts';

/** One stack of a comparison over rounds: its figures, and whether it is a baseline (the feature off). */
export interface ComparedConfiguration {
  readonly key: string;
  readonly label: string;
  /** One of the stacks the others are compared with. */
  readonly baseline: boolean;
  readonly summary: RoundsSummary;
}

/** The configurations compared, the baselines, and the second baseline set against the first (when there are two). */
export function splitConfigurations<C extends ComparedConfiguration>(all: readonly C[]) {
  const offs = all.filter((c) => c.baseline);
  const ons = all.filter((c) => !c.baseline);
  const control = offs.length === 2 ? { label: `${offs[1]!.key}/${offs[0]!.key}`, first: offs[0]!, second: offs[1]! } : undefined;
  return { offs, ons, control };
}
