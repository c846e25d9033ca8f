import type { BaselineFigures } from './baseline-figures.ts';
import { describeOtherWork } from './describe-other-work.ts';
import { controlDisagreement } from './control-disagreement.ts';
import { explainTracedRequest } from './explain-traced-request.ts';
import { measuredCost } from './measured-cost.ts';
import { spanFigures } from './span-figures.ts';
import { splitConfigurations } from './split-configurations.ts';
import type { MeasuredTracing, TracingReport } from './write-tracing-report.ts';

// The cost tracing at its default rate may add to the gateway's throughput.
const target = 0.05;

const percent = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
const signedMs = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)} ms`;
const signedµs = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(0)} µs`;
const cpu = (figures: { cpuMicrosPerRequest: Readonly<Record<string, number>> }, name: string) => figures.cpuMicrosPerRequest[name] ?? Number.NaN;
const subgraphsCpu = (figures: { cpuMicrosPerRequest: Readonly<Record<string, number>> }) => cpu(figures, 'data') + cpu(figures, 'identity');

/**
 * The last section of the report, from the figures: what a request costs with tracing off, how
 * far two identical stacks disagreed, what each rate costs against the 5% target, what a traced
 * request costs and where, where 5% is crossed, the default to choose, the spans exported.
 */
export function explainTracingCost(report: TracingReport, base: BaselineFigures): string[] {
  const { configurations, counted, maxOtherWork } = report;
  const { offs, ons, control } = splitConfigurations(configurations);
  const shares = offs.map((c) => c.summary.cpuShare['gateway'] ?? Number.NaN);
  const lines = [
    `- Off, a request costs the gateway ${cpu(base, 'gateway').toFixed(0)} µs of CPU, data ${cpu(base, 'data').toFixed(0)} µs, identity ${cpu(base, 'identity').toFixed(0)} µs, ` +
      `the rest of the stack ${cpu(base, 'rest of the stack').toFixed(0)} µs and the load generator ${cpu(base, 'load generator and sink').toFixed(0)} µs; the gateway ran at ` +
      `${shares.map((value) => `${(value * 100).toFixed(0)}%`).join(' and ')} of a core` +
      (Math.min(...shares) >= 0.9
        ? ': its one JavaScript thread is saturated, so req/s follows its CPU per request.'
        : `, short of a saturated thread: the processes share ${report.machine.cpus} cores, so req/s also reflects the subgraphs and the load generator.`),
  ];
  let floor: number | undefined;
  if (control) {
    const disagreement = controlDisagreement(control.first, control.second, counted.rounds);
    floor = disagreement.floor;
    lines.push(
      `- Two identical stacks (${control.label}, both off): ${percent(disagreement.requestsPerSecond)} req/s round by round (median), ${percent(disagreement.gatewayCpu)} gateway CPU per request. ` +
        `Differences smaller than about ${(floor * 100).toFixed(0)}% are within what separates two stacks started alike in this run.`,
    );
  }
  for (const x of ons) lines.push(explainRate(x, base, counted.rounds, floor ?? 0));
  lines.push(...explainTracedRequest({ ons, base, counted: counted.rounds, target, floor }));
  lines.push(...explainSpans(configurations));
  lines.push(describeOtherWork({ otherWork: configurations.flatMap(({ summary }) => summary.otherWork), maxOtherWork, rounds: report.rounds, counted }));
  return lines;
}

function explainRate(x: MeasuredTracing, base: BaselineFigures, counted: readonly number[], floor: number): string {
  const s = x.summary;
  const cost = measuredCost(x, base, counted);
  const verdict =
    cost.estimate <= target
      ? floor > target
        ? `Within ${target * 100}% by both measures, though two identical stacks differed by ${(floor * 100).toFixed(0)}% in this run.`
        : `Within the ${target * 100}% target by both measures.`
      : Math.min(cost.throughput, cost.gatewayCpu) > target
        ? `Over the ${target * 100}% target by both measures${cost.estimate <= floor ? `, but no more than two identical stacks differed (${(floor * 100).toFixed(0)}%): not resolved` : ''}.`
        : `Over the ${target * 100}% target by one measure only${cost.estimate <= floor ? `, and within what separated two identical stacks (${(floor * 100).toFixed(0)}%)` : ''}.`;
  return (
    `- **${x.label}**: ${percent(-cost.throughput)} req/s against off (median of the rounds' own ratios, from ${percent(Math.min(...cost.paired) - 1)} to ` +
    `${percent(Math.max(...cost.paired) - 1)}; ratio of the medians ${percent(s.requestsPerSecond / base.requestsPerSecond - 1)}), p95 ${signedMs(s.p95Ms - base.p95Ms)}, ` +
    `p99 ${signedMs(s.p99Ms - base.p99Ms)}. The gateway spent ${signedµs(cpu(s, 'gateway') - cpu(base, 'gateway'))} (${percent(cost.gatewayCpu)}) of CPU per request, ` +
    `data and identity ${signedµs(subgraphsCpu(s) - subgraphsCpu(base))}. ${verdict}`
  );
}

function explainSpans(configurations: readonly MeasuredTracing[]): string[] {
  const lines: string[] = [];
  const offs = configurations.filter((c) => c.sampleRate === 0);
  lines.push(
    offs.every((c) => c.sink.spans === 0 && c.traced.traced === 0)
      ? `- Off exported no span and traced no request (${offs.map((c) => `${c.key}: ${c.traced.requests} requests`).join(', ')}).`
      : `- Off exported ${offs.map((c) => `${c.sink.spans} spans (${c.key})`).join(' and ')} and traced ${offs.map((c) => c.traced.traced).join(' and ')} requests: it should have done neither.`,
  );
  // Spans per traced request should not depend on the rate: fewer at a high rate means the batch
  // processors dropped some (their queue holds 2,048 spans, OTEL_BSP_MAX_QUEUE_SIZE).
  const sampled = configurations.filter((c) => c.sampleRate > 0 && c.traced.traced >= 50).map((c) => ({ c, f: spanFigures(c) }));
  const reference = sampled.find(({ c }) => c.sampleRate < 1);
  const full = sampled.find(({ c }) => c.sampleRate === 1);
  if (reference && full) {
    const lost = 1 - full.f.spansPerTraced / reference.f.spansPerTraced;
    lines.push(
      `- Spans per traced request: ${reference.f.spansPerTraced.toFixed(1)} at ${reference.c.key} (${reference.f.fieldSpansPerTraced.toFixed(1)} field spans, ` +
        `${reference.f.gatewaySpansPerTraced.toFixed(1)} other gateway spans, ${reference.f.subgraphSpansPerTraced.toFixed(1)} from the subgraphs), ${full.f.spansPerTraced.toFixed(1)} at 100%` +
        (lost > 0.02
          ? `: about ${(lost * 100).toFixed(0)}% of 100%'s spans never reached the sink. A batch span processor queues at most 2,048 spans (\`OTEL_BSP_MAX_QUEUE_SIZE\`) and exports one batch of 512 at a time; past that it drops spans, so at 100% part of the export cost was never paid and a collector would see incomplete traces.`
          : ': every span arrived at every rate.'),
    );
  }
  return lines;
}
