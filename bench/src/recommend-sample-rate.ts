import type { BaselineFigures } from './baseline-figures.ts';
import { measuredCost } from './measured-cost.ts';
import type { TracingCostModel } from './tracing-cost-model.ts';
import type { MeasuredTracing } from './write-tracing-report.ts';

export interface SampleRateRecommendation {
  readonly rate: number;
  /** The model's cost at `rate` (the larger measure). */
  readonly modelled: number;
  /** The measured cost of the stack at `rate`, when one ran. */
  readonly measured: number | undefined;
}

export interface RecommendOptions {
  /** The sampled configurations that ran, 100% among them. */
  ons: readonly MeasuredTracing[];
  base: BaselineFigures;
  counted: readonly number[];
  model: TracingCostModel;
  /** The cost the default may add. */
  target: number;
  /** How far two identical stacks disagreed: a measured cost below it is not resolved. */
  floor: number;
}

// Rates a default can be written as, smallest first, for when no measured rate will do.
const roundRates = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5];

/**
 * The default rate: the highest measured rate below 100% whose modelled cost is at most half the
 * target, unless it or a lower rate measured over the target by more than two identical stacks
 * differ (then the model is wrong there, and the measurement rules). Half, because what a traced
 * request costs grows with the fields it resolves (a span and a histogram observation each): this
 * page resolves about a hundred, and an app's heavier pages cost more at the same rate. Without
 * such a measured rate, the highest round rate that passes.
 */
export function recommendSampleRate({ ons, base, counted, model, target, floor }: RecommendOptions): SampleRateRecommendation {
  const measured = new Map(ons.map((c) => [c.sampleRate, measuredCost(c, base, counted).estimate]));
  const ceiling = Math.min(...[...measured].filter(([, cost]) => cost > Math.max(target, floor)).map(([rate]) => rate));
  const passes = (rate: number) => rate < ceiling && rate < 1 && model.estimate(rate).max <= target / 2;
  const rate =
    [...measured.keys()].filter(passes).sort((a, b) => b - a)[0] ?? [...roundRates].reverse().find(passes) ?? roundRates[0]!;
  return { rate, modelled: model.estimate(rate).max, measured: measured.get(rate) };
}
