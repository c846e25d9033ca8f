import type { BaselineFigures } from './baseline-figures.ts';
import { describeOtherWork } from './describe-other-work.ts';
import { controlDisagreement } from './control-disagreement.ts';
import { median } from './median.ts';
import { pairedRatios } from './paired-ratios.ts';
import { splitConfigurations } from './split-configurations.ts';
import type { BillingReport, MeasuredConfiguration } from './write-billing-report.ts';

// The cost plan enforcement may add to the gateway's throughput.
const target = 0.05;

const percent = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
const signedMs = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)} ms`;
const signedµs = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(0)} µs`;
const gatewayCpu = (figures: { cpuMicrosPerRequest: Readonly<Record<string, number>> }) => figures.cpuMicrosPerRequest['gateway'] ?? Number.NaN;

/**
 * The last section of the report, from the figures: what dominates, what enforcement costs in
 * throughput and in gateway CPU against the target, how far two identical stacks disagreed (below
 * that, a difference says nothing), the metering, the load.
 */
export function explainBillingCost(report: BillingReport, base: BaselineFigures): string[] {
  const { configurations, counted, maxOtherWork } = report;
  const { offs, ons, control } = splitConfigurations(configurations);
  const shares = offs.map((c) => c.summary.cpuShare['gateway'] ?? Number.NaN);
  const lines = [
    `- What dominates: with enforcement off, a request costs the gateway ${gatewayCpu(base).toFixed(0)} µs of CPU, billing ` +
      `${(base.cpuMicrosPerRequest['billing'] ?? Number.NaN).toFixed(0)} µs, the rest of the stack ${(base.cpuMicrosPerRequest['rest of the stack'] ?? Number.NaN).toFixed(0)} µs ` +
      `and the load generator ${(base.cpuMicrosPerRequest['load generator'] ?? Number.NaN).toFixed(0)} µs; the gateway ran at ` +
      `${shares.map((share) => `${(share * 100).toFixed(0)}%`).join(' and ')} of a core` +
      (Math.min(...shares) >= 0.9
        ? ': its one JavaScript thread is saturated, so req/s is close to one over its CPU per request, and what enforcement adds to that CPU is what it costs.'
        : ', short of a saturated thread: the processes share 2 cores, so req/s also reflects the others.'),
  ];
  // How far two stacks of the same configuration disagreed: the resolution of this run.
  let floor = 0;
  if (control) {
    const disagreement = controlDisagreement(control.first, control.second, counted.rounds);
    floor = disagreement.floor;
    lines.push(
      `- Two identical stacks (${control.label}, both off): ${percent(disagreement.requestsPerSecond)} req/s round by round (median), ${percent(disagreement.gatewayCpu)} gateway CPU per request. ` +
        `Differences between configurations smaller than about ${(floor * 100).toFixed(0)}% are within what separates two stacks started alike in this run.`,
    );
  }
  for (const x of ons) lines.push(explainConfiguration(x, base, counted.rounds, floor));
  for (const x of ons) lines.push(explainMetering(x));
  for (const x of offs) lines.push(`- Metering, ${x.key}: billing counted ${x.metering.billed} (enforcement off meters nothing${x.metering.billed === 0 ? ', as expected' : ': unexpected'}).`);
  lines.push(describeOtherWork({ otherWork: configurations.flatMap(({ summary }) => summary.otherWork), maxOtherWork, rounds: report.rounds, counted }));
  return lines;
}

function explainConfiguration(x: MeasuredConfiguration, base: BaselineFigures, counted: readonly number[], floor: number): string {
  const s = x.summary;
  const paired = pairedRatios(s, base, counted);
  const throughputCost = 1 - median(paired);
  const cpuCost = gatewayCpu(s) / gatewayCpu(base) - 1;
  const redis = x.env['REDIS_URL'] ? `; Redis spent ${(s.cpuMicrosPerRequest['redis'] ?? Number.NaN).toFixed(0)} µs per request (one script each)` : '';
  const estimate = Math.max(throughputCost, cpuCost);
  // A run resolves the target only when two identical stacks agreed more closely than that.
  const verdict =
    floor > target
      ? `Not resolved by this run: two identical stacks differed by ${(floor * 100).toFixed(0)}%, more than the ${target * 100}% sought; the profile (\`--cpu-prof\`) says more.`
      : estimate <= target
        ? `Within the ${target * 100}% target by both measures.`
        : Math.min(throughputCost, cpuCost) > target
          ? `Over the ${target * 100}% target by both measures.`
          : `Over the ${target * 100}% target by one measure only; rerun, or profile (\`--cpu-prof\`).`;
  return (
    `- **${x.label}**: ${percent(-throughputCost)} req/s against off (median of the rounds' own ratios, from ${percent(Math.min(...paired) - 1)} to ` +
    `${percent(Math.max(...paired) - 1)}; ratio of the medians ${percent(s.requestsPerSecond / base.requestsPerSecond - 1)}), p50 ${signedMs(s.p50Ms - base.p50Ms)}, ` +
    `p99 ${signedMs(s.p99Ms - base.p99Ms)}. The gateway spent ${signedµs(gatewayCpu(s) - gatewayCpu(base))} (${percent(cpuCost)}) of CPU per request, billing ` +
    `${signedµs((s.cpuMicrosPerRequest['billing'] ?? Number.NaN) - (base.cpuMicrosPerRequest['billing'] ?? Number.NaN))} (metering batches, limits reads)${redis}. ${verdict}`
  );
}

function explainMetering(x: MeasuredConfiguration): string {
  const { answered, sent } = x.served;
  const { admitted, billed, usage } = x.metering;
  const besides = billed - sent;
  return (
    `- Metering, ${x.key}: billing counted ${billed} requests, the gateway let ${admitted ?? 'an unknown number'} through: ` +
    (billed === admitted ? 'exact, nothing lost or counted twice between the two. ' : `off by ${billed - (admitted ?? 0)}: check the meter. `) +
    `Against autocannon, ${answered} answered and ${sent} sent: ` +
    (besides === 0
      ? 'every request sent, those still in flight when a run stopped included. '
      : besides < 0
        ? `${-besides} fewer than it sent (requests cut off as a run stopped, before the gateway let them through). `
        : `${besides} more than it sent: check the meter. `) +
    `The project's own \`usage { requests }\` said ${usage}${usage === billed + 1 ? ' (itself included)' : ''}.`
  );
}
