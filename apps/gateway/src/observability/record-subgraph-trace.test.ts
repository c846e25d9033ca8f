import { Trace } from '@apollo/usage-reporting-protobuf';
import { startTracing } from '@fedbase/telemetry';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayObserver } from './create-gateway-observer.ts';
import { maxFieldSpansPerFetch, recordSubgraphTrace } from './record-subgraph-trace.ts';

const exporter = new InMemorySpanExporter();
const tracing = await startTracing({ service: 'gateway-test', sampleRate: 1, exporter });
afterAll(() => tracing.shutdown());
beforeEach(() => exporter.reset());

const ms = (value: number) => value * 1e6;
// Epoch milliseconds: OpenTelemetry reads smaller numbers as performance.now() readings.
const sentAt = 1_800_000_000_000;
const field = (responseName: string, parentType: string, type: string, start: number, end: number, extra: Partial<Trace.INode> = {}): Trace.INode => ({
  responseName,
  parentType,
  type,
  startTime: ms(start),
  endTime: ms(end),
  ...extra,
});
const encode = (root: Trace.INode, durationMs: number) => Buffer.from(Trace.encode(new Trace({ root: new Trace.Node(root), durationNs: ms(durationMs) })).finish()).toString('base64');

function recordingObserver() {
  const fields: [string, number, boolean][] = [];
  const observer: GatewayObserver = {
    request: () => {},
    subgraphFetch: () => {},
    field: (type, name, durationMs, ok) => fields.push([`${type}.${name}`, durationMs, ok]),
    auth: () => {},
    throttle: () => {},
    circuit: () => {},
  };
  return { observer, fields };
}

/** Runs `record` under an active "fetch" span, as @apollo/gateway's fetch span is when a response arrives. */
function underFetchSpan(record: () => void) {
  const fetch = tracing.tracer.startSpan('gateway.fetch');
  context.with(trace.setSpan(context.active(), fetch), record);
  fetch.end();
  return fetch.spanContext().spanId;
}

describe('recordSubgraphTrace', () => {
  it('makes a span per field, nested as the fields are, under the fetch span, with path, types, subgraph and error codes', () => {
    const { observer, fields } = recordingObserver();
    const ftv1 = encode(
      {
        child: [
          field('_entities', 'Query', '[_Entity]!', 0.1, 3, {
            child: [
              {
                index: 0,
                child: [
                  field('email', 'User', 'String', 1, 2),
                  field('mfa', 'User', 'Boolean', 1, 2.5, { originalFieldName: 'totpEnabled', error: [{ message: '', json: JSON.stringify({ extensions: { code: 'FORBIDDEN' } }) }] }),
                ],
              },
            ],
          }),
        ],
      },
      4,
    );
    const fetchSpanId = underFetchSpan(() => recordSubgraphTrace(ftv1, { subgraph: 'identity', sentAt, receivedAt: sentAt + 10, incomingPath: ['document', 'owner'] }, { tracer: tracing.tracer, observer }));

    const spans = exporter.getFinishedSpans().filter((span) => span.name !== 'gateway.fetch');
    // Federation's `_entities` is plumbing: no span, no histogram; its fields hang from the fetch.
    expect(spans.map((span) => span.name).sort()).toEqual(['User.email', 'User.totpEnabled']);
    const email = spans.find((span) => span.name === 'User.email')!;
    expect(email.parentSpanContext?.spanId).toBe(fetchSpanId);
    expect(email.attributes).toEqual({
      'graphql.field.path': '_entities.0.email',
      'graphql.field.parent_type': 'User',
      'graphql.field.name': 'email',
      'graphql.field.type': 'String',
      'fedbase.subgraph': 'identity',
      'graphql.field.incoming_path': 'document.owner',
    });
    // The 4 ms trace is centred in the 10 ms fetch: fields start 3 ms in, plus their own offset.
    expect(email.startTime).toEqual([1_800_000_000, 4_000_000]);
    expect(email.endTime).toEqual([1_800_000_000, 5_000_000]);
    const mfa = spans.find((span) => span.name === 'User.totpEnabled')!;
    expect(mfa.attributes['graphql.error.codes']).toEqual(['FORBIDDEN']);
    expect(mfa.status).toMatchObject({ code: 2, message: 'FORBIDDEN' });
    // A client's mistake is not a failure of the field; only INTERNAL would be.
    expect(fields).toEqual([
      ['User.email', 1, true],
      ['User.totpEnabled', 1.5, true],
    ]);
  });

  it('nests a field under its parent field and counts an INTERNAL error as failed', () => {
    const { observer, fields } = recordingObserver();
    const ftv1 = encode(
      { child: [field('document', 'Query', 'Document', 0, 2, { child: [field('owner', 'Document', 'User', 1, 1.5, { error: [{ message: '', json: JSON.stringify({ extensions: { code: 'INTERNAL' } }) }] })] })] },
      2,
    );
    underFetchSpan(() => recordSubgraphTrace(ftv1, { subgraph: 'data', sentAt, receivedAt: sentAt + 2, incomingPath: undefined }, { tracer: tracing.tracer, observer }));
    const spans = exporter.getFinishedSpans();
    const document = spans.find((span) => span.name === 'Query.document')!;
    const owner = spans.find((span) => span.name === 'Document.owner')!;
    expect(owner.parentSpanContext?.spanId).toBe(document.spanContext().spanId);
    expect(owner.attributes['graphql.field.path']).toBe('document.owner');
    expect(fields).toEqual([
      ['Query.document', 2, true],
      ['Document.owner', 0.5, false],
    ]);
  });

  it(`stops making spans past ${maxFieldSpansPerFetch} fields in one fetch but still measures every field`, () => {
    const { observer, fields } = recordingObserver();
    const items = Array.from({ length: 600 }, (_, index) => ({ index, child: [field('title', 'Post', 'String', 1, 1.1)] }));
    const ftv1 = encode({ child: [field('posts', 'Query', '[Post!]!', 0, 2, { child: items })] }, 2);
    underFetchSpan(() => recordSubgraphTrace(ftv1, { subgraph: 'data', sentAt, receivedAt: sentAt + 2, incomingPath: undefined }, { tracer: tracing.tracer, observer }));
    expect(exporter.getFinishedSpans().filter((span) => span.name !== 'gateway.fetch')).toHaveLength(maxFieldSpansPerFetch);
    expect(fields).toHaveLength(601);
  });
});
