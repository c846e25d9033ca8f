import type { BaselineFigures } from './baseline-figures.ts';
import { measuredCost } from './measured-cost.ts';
import { recommendSampleRate } from './recommend-sample-rate.ts';
import { spanFigures } from './span-figures.ts';
import { tracingCostModel } from './tracing-cost-model.ts';
import type { MeasuredTracing } from './write-tracing-report.ts';

export interface ExplainTracedRequestOptions {
  /** The sampled configurations; without 100% among them there is nothing to say. */
  ons: readonly MeasuredTracing[];
  base: BaselineFigures;
  counted: readonly number[];
  /** The cost the default may add. */
  target: number;
  /** How far two identical stacks disagreed in the run; undefined without a second off stack. */
  floor: number | undefined;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const signed = (value: number) => `${value >= 0 ? '+' : ''}${percent(value)}`;
const cpu = (figures: { cpuMicrosPerRequest: Readonly<Record<string, number>> }, name: string) => figures.cpuMicrosPerRequest[name] ?? Number.NaN;
const rateText = (rate: number) => (Number.isFinite(rate) ? `${rate.toFixed(3)} (${percent(rate)} of requests)` : 'none (100% cost nothing measurable)');

/**
 * What a traced request costs and where, from the stack that traced every request; where the cost
 * crosses the target, by the linear model and by the measured rates; the default to choose.
 */
export function explainTracedRequest({ ons, base, counted, target, floor: measuredFloor }: ExplainTracedRequestOptions): string[] {
  const floor = measuredFloor ?? 0;
  const full = ons.find((c) => c.sampleRate === 1);
  if (!full) return [];
  const model = tracingCostModel(full, base, counted);
  const spans = spanFigures(full);
  const added = (name: string) => cpu(full.summary, name) - cpu(base, name);
  const [gateway, data, identity] = [added('gateway'), added('data'), added('identity')];
  const share = (part: number) => percent(part / (gateway + data + identity));
  // On 2 shared cores throughput follows what every process spends, not the gateway alone.
  const total = (figures: { cpuMicrosPerRequest: Readonly<Record<string, number>> }) => Object.values(figures.cpuMicrosPerRequest).reduce((sum, value) => sum + value, 0);
  const lines = [
    `- What a traced request costs (100%, every request traced): the gateway ${gateway.toFixed(0)} µs more CPU (decoding the two ftv1 traces, ` +
      `${spans.fieldSpansPerTraced.toFixed(0)} field spans and as many histogram observations, ${spans.gatewaySpansPerTraced.toFixed(0)} other spans, serialising ` +
      `${spans.kibPerTraced.toFixed(1)} KiB of OTLP JSON and sending it), data ${data.toFixed(0)} µs and identity ${identity.toFixed(0)} µs (Apollo's inline trace: ` +
      `timing each resolver and encoding the trace; their own server span and its export), and the sink, outside the stack, ${spans.sinkMicrosPerTraced.toFixed(0)} µs ` +
      `to count what was sent. Of what tracing adds inside the stack, the gateway spends ${share(gateway)}, data ${share(data)}, identity ${share(identity)}` +
      (gateway >= data + identity ? ': the gateway dominates.' : ': the subgraphs together spend more than the gateway.') +
      ` Every process together spent ${total(full.summary).toFixed(0)} µs per request against off's ${total(base).toFixed(0)} (${signed(total(full.summary) / total(base) - 1)}), ` +
      `and 100% answered ${percent(1 / (1 + model.throughputPerTraced))} of off's req/s: a traced request takes ${(1 + model.throughputPerTraced).toFixed(2)} times an untraced one's time. ` +
      'Where the gateway\'s share goes (decoding and walking ftv1, the SDK\'s spans, the export) the processes\' CPU cannot say: `--cpu-prof` splits it.',
  ];
  const lower = ons.filter((c) => c.sampleRate < 1).sort((a, b) => a.sampleRate - b.sampleRate);
  const estimates = lower.map((c) => {
    const modelled = model.estimate(c.sampleRate);
    const measured = measuredCost(c, base, counted);
    return `${c.key}: modelled ${signed(-modelled.throughput)} req/s and ${signed(modelled.gatewayCpu)} gateway CPU, measured ${signed(-measured.throughput)} and ${signed(measured.gatewayCpu)}`;
  });
  const firstOver = [...lower, full].find((c) => measuredCost(c, base, counted).estimate > target);
  const [crossing, halfway] = [model.crossing(target), model.crossing(target / 2)];
  lines.push(
    `- Cost by rate, linear in the rate from 100%'s figures (a request is traced or not), against what the stacks measured: ${estimates.join('; ')}. ` +
      (measuredFloor === undefined
        ? 'Without a second off stack this run cannot say which measured differences are resolved; the model, from a cost far above the usual noise, is the sharper figure.'
        : `A measured difference below about ${(floor * 100).toFixed(0)}% (the two identical stacks) is not resolved; the model, from a cost far above that, is the sharper figure and the measurements check it.`),
    `- Where ${target * 100}% is crossed: the model puts it at a rate of ${rateText(crossing.rate)} (${crossing.gatewayCpu <= crossing.throughput ? 'gateway CPU' : 'throughput'} first; ` +
      `${crossing.gatewayCpu <= crossing.throughput ? `throughput at ${rateText(crossing.throughput)}` : `gateway CPU at ${rateText(crossing.gatewayCpu)}`}), and half of it at ${rateText(halfway.rate)}; ` +
      `measured, the first rate over ${target * 100}% by either measure was ${firstOver ? `${firstOver.key} (${firstOver.sampleRate})` : 'none'}` +
      (firstOver && firstOver.sampleRate < 1 && measuredCost(firstOver, base, counted).estimate <= floor ? ', within the noise of two identical stacks.' : '.'),
  );
  const recommended = recommendSampleRate({ ons, base, counted, model, target, floor });
  lines.push(
    `- **Recommended default: FIELD_TRACE_SAMPLE_RATE=${recommended.rate}**: it costs ${percent(recommended.modelled)} by the model` +
      (recommended.measured === undefined ? '' : ` and ${percent(recommended.measured)} as measured`) +
      ' (the larger of the throughput and gateway-CPU costs' +
      (recommended.measured !== undefined && recommended.measured > target / 2 && recommended.measured <= floor ? '; the measurement within the noise of two identical stacks' : '') +
      `), within half the ${target * 100}% budget: a traced request's cost grows with the fields it resolves ` +
      `(this page resolves about ${spans.fieldSpansPerTraced.toFixed(0)}; a span is made for up to 500 per fetch), so heavier pages cost more at the same rate. ` +
      `At off's ${base.requestsPerSecond.toFixed(0)} req/s one gateway traces ${(recommended.rate * base.requestsPerSecond).toFixed(1)} requests a second at that rate, ` +
      `${(recommended.rate * base.requestsPerSecond * 60).toFixed(0)} a minute: enough for the field histograms of the busy operations.`,
  );
  return lines;
}
