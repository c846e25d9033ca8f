import type { MeasuredTracing } from './write-tracing-report.ts';

/** What one stack traced and exported, per request and per traced request. */
export interface SpanFigures {
  /** Share of the gateway's requests it traced. */
  readonly tracedShare: number;
  readonly spansPerRequest: number;
  readonly spansPerTraced: number;
  /** The gateway's field spans (made from ftv1). */
  readonly fieldSpansPerTraced: number;
  /** The gateway's other spans: its request, @apollo/gateway's request, plan, fetch, … */
  readonly gatewaySpansPerTraced: number;
  /** The subgraphs' own spans (their server spans, under the gateway's fetches). */
  readonly subgraphSpansPerTraced: number;
  readonly kibPerTraced: number;
  /** The sink's counting time per traced request, µs, in the benchmark's process. */
  readonly sinkMicrosPerTraced: number;
}

/** The scope of the gateway's field spans (createSubgraphDataSource's tracer). */
const fieldScope = 'gateway fedbase-gateway';

export function spanFigures({ traced: { requests, traced }, sink }: MeasuredTracing): SpanFigures {
  const sources = Object.entries(sink.spansBySource);
  const sum = (pick: (source: string) => boolean) => sources.filter(([source]) => pick(source)).reduce((total, [, spans]) => total + spans, 0);
  const per = (value: number) => (traced > 0 ? value / traced : Number.NaN);
  return {
    tracedShare: traced / requests,
    spansPerRequest: sink.spans / requests,
    spansPerTraced: per(sink.spans),
    fieldSpansPerTraced: per(sum((source) => source === fieldScope)),
    gatewaySpansPerTraced: per(sum((source) => source.startsWith('gateway ') && source !== fieldScope)),
    subgraphSpansPerTraced: per(sum((source) => !source.startsWith('gateway '))),
    kibPerTraced: per(sink.bytes / 1024),
    sinkMicrosPerTraced: per(sink.countMs * 1000),
  };
}
