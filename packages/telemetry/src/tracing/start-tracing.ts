import { trace, type Tracer } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface StartTracingOptions {
  /** `service.name` of every span this process records. */
  service: string;
  /**
   * Share of requests that start a trace here (0 to 1). A request arriving with a W3C
   * `traceparent` follows its caller's decision instead, so one trace is whole or absent.
   */
  sampleRate: number;
  /** OTLP/HTTP base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); spans go to `<endpoint>/v1/traces`. */
  otlpEndpoint?: string;
  /** Sent with every export (`OTEL_EXPORTER_OTLP_HEADERS`), e.g. a vendor's API key. */
  otlpHeaders?: Readonly<Record<string, string>>;
  /** How long spans wait to be sent in a batch (`OTEL_BSP_SCHEDULE_DELAY`). @default 5000 */
  exportDelayMs?: number;
  /** Also export to this one, span by span (tests pass an InMemorySpanExporter). */
  exporter?: SpanExporter;
}

export interface Tracing {
  readonly tracer: Tracer;
  /** Sends what is buffered, then stops exporting. */
  shutdown(): Promise<void>;
  /** Sends what is buffered. */
  forceFlush(): Promise<void>;
}

/**
 * Registers this process's OpenTelemetry tracer provider: AsyncLocalStorage context, W3C trace
 * context propagation, a parent-based ratio sampler and the exporters asked for. Libraries that
 * speak @opentelemetry/api (@apollo/gateway's request, plan and fetch spans) record through it
 * from then on. Call once per process, before serving. The SDK is loaded here, not on import:
 * a subgraph that exports nothing never pays its ~0.4 s of module loading at start-up.
 */
export async function startTracing(options: StartTracingOptions): Promise<Tracing> {
  const [{ OTLPTraceExporter }, { resourceFromAttributes }, { BatchSpanProcessor, ParentBasedSampler, SimpleSpanProcessor, TraceIdRatioBasedSampler }, { NodeTracerProvider }] =
    await Promise.all([
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/sdk-trace-node'),
    ]);
  const spanProcessors: SpanProcessor[] = [];
  if (options.otlpEndpoint) {
    const url = `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`;
    spanProcessors.push(
      new BatchSpanProcessor(new OTLPTraceExporter({ url, headers: { ...options.otlpHeaders } }), {
        scheduledDelayMillis: options.exportDelayMs ?? 5_000,
      }),
    );
  }
  if (options.exporter) spanProcessors.push(new SimpleSpanProcessor(options.exporter));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.service }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRate) }),
    spanProcessors,
  });
  provider.register();
  return {
    tracer: trace.getTracer('fedbase'),
    shutdown: () => provider.shutdown(),
    forceFlush: () => provider.forceFlush(),
  };
}
