import type { IncomingHttpHeaders } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('fedbase');

export interface TraceServerRequestOptions {
  /** The span's name until `run` renames it (e.g. to the operation). */
  name: string;
  headers: IncomingHttpHeaders;
  /**
   * Continue the caller's trace from its W3C `traceparent`. Only for callers that are ours (the
   * gateway calling a subgraph): a client's header would choose our sampling for us.
   */
  continueCallersTrace: boolean;
  attributes?: Attributes;
}

/**
 * Runs one HTTP request inside a SERVER span, active for everything the request does, so spans
 * started below (Apollo's, the subgraph fetches') join it and outgoing calls carry its context.
 * Without a registered tracer provider the span is a no-op and this costs a context switch.
 */
export function traceServerRequest<T>(options: TraceServerRequestOptions, run: (span: Span) => Promise<T>): Promise<T> {
  const parent = options.continueCallersTrace ? propagation.extract(ROOT_CONTEXT, options.headers) : ROOT_CONTEXT;
  const span = tracer.startSpan(options.name, { kind: SpanKind.SERVER, attributes: options.attributes }, parent);
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await run(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Whether the active span is recorded and exported (this request was sampled). */
export function isTraceSampled(): boolean {
  const span = trace.getActiveSpan();
  return span !== undefined && (span.spanContext().traceFlags & 1) === 1;
}
