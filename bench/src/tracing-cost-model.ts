import type { BaselineFigures } from './baseline-figures.ts';
import { measuredCost } from './measured-cost.ts';
import type { MeasuredTracing } from './write-tracing-report.ts';

/** The cost of tracing a share of requests, from what tracing every request cost. */
export interface TracingCostModel {
  /** What tracing one request adds, as a share of an untraced request's time on the bottleneck: 1 / (100%'s req/s ratio) − 1. */
  readonly throughputPerTraced: number;
  /** µs of gateway CPU a traced request adds. */
  readonly gatewayMicrosPerTraced: number;
  /** The expected cost at `rate` by both measures, and the larger. */
  estimate(rate: number): { throughput: number; gatewayCpu: number; max: number };
  /** The rate at which each estimate reaches `target`, and the lower of the two (Infinity: never). */
  crossing(target: number): { rate: number; throughput: number; gatewayCpu: number };
}

/**
 * A request is traced or not, so the cost is linear in the rate: at rate r a request costs on
 * average off + r × (what a traced one adds). 100% measures that addition far above the noise of
 * two identical stacks, which the few percent of a low rate is not; the measured low rates then
 * check the line. Throughput: req/s ∝ 1 / time per request, so at r it is 1 / (1 + r × k).
 */
export function tracingCostModel(full: MeasuredTracing, base: BaselineFigures, counted: readonly number[]): TracingCostModel {
  const cost = measuredCost(full, base, counted);
  const throughputPerTraced = 1 / (1 - cost.throughput) - 1;
  const offGateway = base.cpuMicrosPerRequest['gateway'] ?? Number.NaN;
  const gatewayMicrosPerTraced = (full.summary.cpuMicrosPerRequest['gateway'] ?? Number.NaN) - offGateway;
  const estimate = (rate: number) => {
    const throughput = 1 - 1 / (1 + rate * throughputPerTraced);
    const gatewayCpu = (rate * gatewayMicrosPerTraced) / offGateway;
    return { throughput, gatewayCpu, max: Math.max(throughput, gatewayCpu) };
  };
  // A cost that 100% did not show (noise can make it look negative) is never crossed.
  const reach = (needed: number, perTraced: number) => (perTraced > 0 ? needed / perTraced : Number.POSITIVE_INFINITY);
  const crossing = (target: number) => {
    const [throughput, gatewayCpu] = [reach(1 / (1 - target) - 1, throughputPerTraced), reach(target * offGateway, gatewayMicrosPerTraced)];
    return { rate: Math.min(throughput, gatewayCpu), throughput, gatewayCpu };
  };
  return { throughputPerTraced, gatewayMicrosPerTraced, estimate, crossing };
}
