import { median } from './median.ts';
import type { BillingReport, MeasuredConfiguration } from './write-billing-report.ts';

// The cost plan enforcement may add to the gateway's throughput.
const target = 0.05;

const percent = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
const signedMs = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)} ms`;
const signedµs = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(0)} µs`;
const cpu = (configuration: MeasuredConfiguration, name: string) => configuration.summary.cpuMicrosPerRequest[name] ?? Number.NaN;

/** The last section of the report, from the figures: what dominates, and what enforcement costs against the target. */
export function explainBillingCost({ configurations, counted, maxOtherWork }: BillingReport): string[] {
  const [off, ...on] = configurations;
  if (!off) return [];
  const a = off.summary;
  const gatewayShare = a.cpuShare['gateway'] ?? Number.NaN;
  const lines = [
    `- What dominates: with enforcement off, a request costs the gateway ${cpu(off, 'gateway').toFixed(0)} µs of CPU, billing ` +
      `${cpu(off, 'billing').toFixed(0)} µs and the load generator ${cpu(off, 'load generator').toFixed(0)} µs; the gateway ran at ` +
      `${(gatewayShare * 100).toFixed(0)}% of a core` +
      (gatewayShare >= 0.9
        ? ': its one JavaScript thread is saturated, so req/s here is close to one over its CPU per request, and what enforcement adds to that CPU is what it costs.'
        : ', short of a saturated thread: the processes share 2 cores, so req/s also reflects the others.'),
  ];
  for (const x of on) {
    const s = x.summary;
    const paired = counted.rounds.map((round) => s.perRound[round - 1]!.requestsPerSecond / a.perRound[round - 1]!.requestsPerSecond);
    const cost = 1 - s.requestsPerSecond / a.requestsPerSecond;
    const gatewayExtra = cpu(x, 'gateway') - cpu(off, 'gateway');
    const redis = x.env['REDIS_URL'] ? `, Redis ${cpu(x, 'redis').toFixed(0)} µs per request (one script each)` : '';
    const noise =
      Math.min(...paired) < 1 && Math.max(...paired) > 1
        ? 'the rounds disagree on its sign, so it is partly the machine\'s noise'
        : `every round found it ${paired[0]! < 1 ? 'slower' : 'faster'}`;
    lines.push(
      `- **${x.label}**: ${percent(-cost)} req/s against A (medians over the counted rounds; in each of them ${x.key}/A had a median of ` +
        `${median(paired).toFixed(3)}, from ${Math.min(...paired).toFixed(3)} to ${Math.max(...paired).toFixed(3)}: ${noise}); ` +
        `p50 ${signedMs(s.p50Ms - a.p50Ms)}, p99 ${signedMs(s.p99Ms - a.p99Ms)}. The gateway spent ${signedµs(gatewayExtra)} ` +
        `(${percent(gatewayExtra / cpu(off, 'gateway'))}) of CPU per request, billing ${signedµs(cpu(x, 'billing') - cpu(off, 'billing'))} ` +
        `(metering batches, limits refreshes)${redis}. ` +
        (cost <= target ? `Within the ${target * 100}% target.` : `Over the ${target * 100}% target.`),
    );
  }
  for (const x of on) {
    const { answered, sent } = x.served;
    const { admitted, billed, usage } = x.metering;
    const besides = billed - sent;
    lines.push(
      `- Metering, ${x.key}: billing counted ${billed} requests, the gateway let ${admitted ?? 'an unknown number'} through: ` +
        (billed === admitted ? 'exact, nothing lost or counted twice between the two. ' : `off by ${billed - (admitted ?? 0)}: check the meter. `) +
        `Against autocannon, ${answered} answered and ${sent} sent: ` +
        (besides === 0
          ? 'every request sent, those still in flight when a run stopped included. '
          : besides < 0
            ? `${-besides} fewer than it sent (requests cut off as a run stopped, before the gateway let them through). `
            : `${besides} more than it sent: check the meter. `) +
        `The project's own \`usage { requests }\` said ${usage}${usage === billed + 1 ? ' (itself included)' : ''}.`,
    );
  }
  lines.push(`- Metering, ${off.key}: billing counted ${off.metering.billed} (enforcement off meters nothing${off.metering.billed === 0 ? ', as expected' : ': unexpected'}).`);
  const worst = Math.max(...configurations.flatMap(({ summary }) => summary.otherWork));
  const left = off.summary.perRound.length - counted.rounds.length;
  lines.push(
    worst <= maxOtherWork
      ? `- Other work stayed under ${(maxOtherWork * 100).toFixed(0)}% of a core in every round (at most ${(worst * 100).toFixed(0)}%).`
      : counted.quietOnly
        ? `- Other work took up to ${(worst * 100).toFixed(0)}% of a core: ${left} round${left === 1 ? ' was' : 's were'} left out of the figures for it.`
        : `- Other work took up to ${(worst * 100).toFixed(0)}% of a core in most rounds, and every round is counted: rerun on a quiet machine to trust a difference of a few percent.`,
  );
  return lines;
}
