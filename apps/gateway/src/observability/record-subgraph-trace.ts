import { Trace } from '@apollo/usage-reporting-protobuf';
import { context, SpanStatusCode, trace, type Context, type Tracer } from '@opentelemetry/api';
import type { GatewayObserver } from './create-gateway-observer.ts';

export interface SubgraphTraceTiming {
  subgraph: string;
  /** When the gateway sent the fetch and got its answer, ms since the epoch (sub-ms precision). */
  sentAt: number;
  receivedAt: number;
  /** Where the fetch's data lands in the client's response (`posts.@` for a list), for reading spans. */
  incomingPath: readonly (string | number)[] | undefined;
}

/**
 * One trace holds a span per resolved field; a list of 10,000 items would make 10,000 spans. Past
 * this many, fields still feed the histograms but get no span of their own.
 */
export const maxFieldSpansPerFetch = 500;

/**
 * Turns a subgraph's ftv1 trace (base64 protobuf, from `extensions.ftv1`) into a span per
 * resolved field, children of the active span (the gateway's fetch) and nested as the fields are,
 * and into one latency observation per field. Field times are the subgraph's, relative to its
 * trace's start; the trace is centred in the fetch, which puts half the network time on each side
 * instead of trusting two hosts' clocks to agree.
 */
export function recordSubgraphTrace(ftv1: string, timing: SubgraphTraceTiming, { tracer, observer }: { tracer: Tracer; observer: GatewayObserver }): void {
  const decoded = Trace.decode(Buffer.from(ftv1, 'base64'));
  const traceMs = Number(decoded.durationNs ?? 0) / 1e6;
  const fetchMs = timing.receivedAt - timing.sentAt;
  const origin = timing.sentAt + Math.max(0, (fetchMs - traceMs) / 2);
  const incomingPath = timing.incomingPath?.join('.') ?? '';
  let spans = 0;

  const visit = (node: Trace.INode, path: (string | number)[], parent: Context, parentType: string | undefined) => {
    for (const child of node.child ?? []) {
      const isField = child.responseName != null && child.responseName !== '';
      const childPath = [...path, isField ? child.responseName! : Number(child.index ?? 0)];
      if (!isField) {
        visit(child, childPath, parent, parentType);
        continue;
      }
      const fieldName = child.originalFieldName || child.responseName!;
      const type = child.parentType ?? parentType ?? 'Query';
      // Federation's entry points are the gateway's plumbing, not the app's fields.
      const plumbing = type === 'Query' && (fieldName === '_entities' || fieldName === '_service');
      const startMs = Number(child.startTime ?? 0) / 1e6;
      const endMs = Number(child.endTime ?? child.startTime ?? 0) / 1e6;
      const codes = (child.error ?? []).map(errorCode);
      let next = parent;
      if (!plumbing) {
        observer.field(type, fieldName, Math.max(0, endMs - startMs), !codes.includes('INTERNAL'));
        if (spans < maxFieldSpansPerFetch) {
          spans += 1;
          const span = tracer.startSpan(
            `${type}.${fieldName}`,
            {
              startTime: origin + startMs,
              attributes: {
                'graphql.field.path': childPath.join('.'),
                'graphql.field.parent_type': type,
                'graphql.field.name': fieldName,
                'graphql.field.type': child.type ?? '',
                'fedbase.subgraph': timing.subgraph,
                ...(incomingPath ? { 'graphql.field.incoming_path': incomingPath } : {}),
                ...(codes.length ? { 'graphql.error.codes': codes } : {}),
              },
            },
            parent,
          );
          if (codes.length) span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(', ') });
          span.end(origin + endMs);
          next = trace.setSpan(parent, span);
        }
      }
      visit(child, childPath, next, child.type?.replace(/[[\]!]/g, ''));
    }
  };
  if (decoded.root) visit(decoded.root, [], context.active(), undefined);
}

/** The `extensions.code` of an error recorded in a trace (its JSON), INTERNAL when it has none. */
function errorCode(error: Trace.IError): string {
  try {
    const parsed = JSON.parse(error.json ?? '{}') as { extensions?: { code?: unknown } };
    return typeof parsed.extensions?.code === 'string' ? parsed.extensions.code : 'INTERNAL';
  } catch {
    return 'INTERNAL';
  }
}
