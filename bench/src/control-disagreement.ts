import { baselineFigures } from './baseline-figures.ts';
import { median } from './median.ts';
import { pairedRatios } from './paired-ratios.ts';
import type { ComparedConfiguration } from './split-configurations.ts';

/** How far two stacks of the same configuration disagreed in one run. */
export interface ControlDisagreement {
  /** Median over the counted rounds of the second's req/s over the first's, minus 1. */
  readonly requestsPerSecond: number;
  /** The second's gateway CPU per request over the first's, minus 1. */
  readonly gatewayCpu: number;
  /** The larger of the two, unsigned: differences between configurations below it are not resolved. */
  readonly floor: number;
}

const gatewayCpu = (c: ComparedConfiguration) => c.summary.cpuMicrosPerRequest['gateway'] ?? Number.NaN;

/** The resolution of a run: what separated two stacks started alike, round by round and in gateway CPU. */
export function controlDisagreement(first: ComparedConfiguration, second: ComparedConfiguration, counted: readonly number[]): ControlDisagreement {
  const paired = median(pairedRatios(second.summary, baselineFigures([first.summary], counted), counted));
  const cpu = gatewayCpu(second) / gatewayCpu(first) - 1;
  return { requestsPerSecond: paired - 1, gatewayCpu: cpu, floor: Math.max(Math.abs(paired - 1), Math.abs(cpu)) };
}
