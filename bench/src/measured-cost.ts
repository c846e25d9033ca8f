import type { BaselineFigures } from './baseline-figures.ts';
import { median } from './median.ts';
import { pairedRatios } from './paired-ratios.ts';
import type { ComparedConfiguration } from './split-configurations.ts';

/** What a configuration costs against the baseline, as shares (0.05 is 5%). */
export interface MeasuredCost {
  /** Each counted round's req/s over the baseline's in the same round. */
  readonly paired: readonly number[];
  /** 1 − the median of `paired`. */
  readonly throughput: number;
  /** The gateway's CPU per request over the baseline's, − 1. */
  readonly gatewayCpu: number;
  /** The larger of the two. */
  readonly estimate: number;
}

/** The cost of `x` against `base` by the two measures: throughput round by round, and the gateway's CPU per request. */
export function measuredCost(x: ComparedConfiguration, base: BaselineFigures, counted: readonly number[]): MeasuredCost {
  const paired = pairedRatios(x.summary, base, counted);
  const throughput = 1 - median(paired);
  const gatewayCpu = (x.summary.cpuMicrosPerRequest['gateway'] ?? Number.NaN) / (base.cpuMicrosPerRequest['gateway'] ?? Number.NaN) - 1;
  return { paired, throughput, gatewayCpu, estimate: Math.max(throughput, gatewayCpu) };
}
