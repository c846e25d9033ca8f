import { startStack, type RunningStack, type StackProject } from '@fedbase/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, signUp, uniqueEmail, type Session } from '../../support/identity-client.ts';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../support/start-otlp-receiver.ts';

// The whole backend, every request sampled, exporting to a collector held in this test's memory:
// one client query through the gateway to data and identity must come back as one trace.
describe('per-field tracing, through the gateway', () => {
  let receiver: OtlpReceiver;
  let stack: RunningStack;
  let project: StackProject;
  let ann: Session;
  let documentId: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    stack = await startStack({
      env: { FIELD_TRACE_SAMPLE_RATE: '1', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100', PASSWORD_HASH_COST: '10' },
    });
    project = stack.firstProject!;
    const created = await gql(stack.gatewayUrl, 'mutation { createCollection(name: "posts", fields: [{ name: "title", type: STRING }], rules: { read: "public" }) { name } }', {}, { key: project.secretKey });
    expect(created.body.errors).toBeUndefined();
    ann = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('ann'));
    const document = await gql(stack.gatewayUrl, 'mutation { createDocument(collection: "posts", data: { title: "Traced" }) { id } }', {}, { key: project.publishableKey, token: ann.accessToken });
    documentId = document.body.data?.['createDocument'].id;
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  const readPost = () =>
    gql(stack.gatewayUrl, 'query ReadPost($id: ID!) { document(collection: "posts", id: $id) { data owner { email } } }', { id: documentId }, { key: project.publishableKey, token: ann.accessToken });

  const traceOf = async (rootName: string): Promise<ReceivedSpan[]> => {
    let found: ReceivedSpan[] = [];
    await expect
      .poll(
        () => {
          const root = receiver.spans.find((span) => span.name === rootName && span.service === 'gateway' && !span.parentSpanId);
          found = root ? receiver.spans.filter((span) => span.traceId === root.traceId) : [];
          // Complete once the identity subgraph's own span and the User.email field have arrived.
          return found.some((span) => span.service === 'identity') && found.some((span) => span.name === 'User.email');
        },
        { timeout: 15_000, interval: 100 },
      )
      .toBe(true);
    return found;
  };

  it('exports one trace from the operation through plan and subgraph fetches down to the fields of data and identity', async () => {
    const response = await readPost();
    expect(response.body.data?.['document']).toEqual({ data: { title: 'Traced' }, owner: { email: ann.user.email } });
    // The subgraphs' ftv1 traces are the gateway's business only.
    expect(JSON.stringify(response.body)).not.toContain('ftv1');

    const spans = await traceOf('query ReadPost');
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const ancestry = (span: ReceivedSpan) => {
      const chain: ReceivedSpan[] = [];
      for (let at = span.parentSpanId && byId.get(span.parentSpanId); at; at = at.parentSpanId && byId.get(at.parentSpanId)) chain.push(at);
      return chain;
    };
    const root = spans.find((span) => !span.parentSpanId)!;
    expect(root).toMatchObject({ service: 'gateway', name: 'query ReadPost', attributes: expect.objectContaining({ 'graphql.operation.name': 'ReadPost', 'graphql.operation.type': 'query' }) });
    expect(spans.filter((span) => span.name === 'gateway.plan').map((span) => byId.get(span.parentSpanId!)?.name)).toEqual(['gateway.request']);

    const fetchOf = (subgraph: string) => spans.find((span) => span.name === 'gateway.fetch' && span.attributes['service'] === subgraph)!;
    for (const subgraph of ['data', 'identity']) {
      const fetch = fetchOf(subgraph);
      expect(ancestry(fetch).map((span) => span.name)).toEqual(['gateway.execute', 'gateway.request', 'query ReadPost']);
      // The subgraph's own server span continues the gateway's trace under that fetch (W3C traceparent).
      expect(spans.find((span) => span.service === subgraph && span.name === `${subgraph} /graphql`)?.parentSpanId).toBe(fetch.spanId);
    }

    const documentField = spans.find((span) => span.name === 'Query.document')!;
    expect(documentField.attributes).toMatchObject({ 'graphql.field.path': 'document', 'graphql.field.parent_type': 'Query', 'graphql.field.name': 'document', 'fedbase.subgraph': 'data' });
    expect(documentField.parentSpanId).toBe(fetchOf('data').spanId);
    expect(spans.find((span) => span.name === 'Document.owner')?.parentSpanId).toBe(documentField.spanId);

    const email = spans.find((span) => span.name === 'User.email')!;
    expect(email.attributes).toMatchObject({ 'graphql.field.path': '_entities.0.email', 'graphql.field.parent_type': 'User', 'graphql.field.name': 'email', 'graphql.field.type': 'String', 'fedbase.subgraph': 'identity' });
    expect(ancestry(email).map((span) => span.name)).toEqual(['gateway.fetch', 'gateway.execute', 'gateway.request', 'query ReadPost']);
    // Field times are placed inside their fetch.
    const fetch = fetchOf('identity');
    expect(email.startNanos).toBeGreaterThanOrEqual(fetch.startNanos);
    expect(email.endNanos).toBeLessThanOrEqual(fetch.endNanos);
  });

  it('records error codes on the failing field and the operation', async () => {
    const response = await gql(stack.gatewayUrl, 'query Forbidden { auditLog { edges { cursor } } }', {}, { key: project.publishableKey });
    const codes = response.body.errors?.map((error) => error.extensions?.['code']);
    expect(codes).toEqual(['FORBIDDEN']);
    const spans = await (async () => {
      let found: ReceivedSpan[] = [];
      await expect
        .poll(() => {
          const root = receiver.spans.find((span) => span.name === 'query Forbidden' && !span.parentSpanId);
          found = root ? receiver.spans.filter((span) => span.traceId === root.traceId) : [];
          return found.some((span) => span.name === 'Query.auditLog');
        }, { timeout: 5_000, interval: 100 })
        .toBe(true);
      return found;
    })();
    expect(spans.find((span) => !span.parentSpanId)?.attributes['graphql.error.codes']).toEqual(['FORBIDDEN']);
    const field = spans.find((span) => span.name === 'Query.auditLog')!;
    expect(field.attributes).toMatchObject({ 'graphql.error.codes': ['FORBIDDEN'], 'fedbase.subgraph': 'events' });
    expect(field.statusCode).toBe(2); // ERROR
  });

  it('shows User.email in /metrics and /slis, and /slis only to the operator', async () => {
    await readPost();
    const metrics = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
    expect(metrics).toMatch(/fedbase_graphql_field_duration_seconds_count\{[^}]*type="User",field="email",outcome="ok"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/fedbase_gateway_subgraph_fetch_duration_seconds_count\{[^}]*subgraph="identity",outcome="ok"[^}]*\} [1-9]/);

    expect((await fetch(`${stack.gatewayUrl}/slis`)).status).toBe(401);
    const response = await fetch(`${stack.gatewayUrl}/slis`, { headers: { 'x-admin-secret': stack.adminSecret } });
    expect(response.status).toBe(200);
    const slis = (await response.json()) as { latency: { fields: Record<string, { count: number; p95: number }>; operations: Record<string, { count: number }>; subgraphs: Record<string, unknown> }; slowestFields: { typeField: string; p95: number }[]; availability: Record<string, number | null>; authSuccessRate: Record<string, number | null>; warnings: string[] };
    expect(slis.latency.fields['User.email']?.count).toBeGreaterThanOrEqual(2);
    expect(slis.latency.operations['ReadPost']?.count).toBeGreaterThanOrEqual(2);
    expect(Object.keys(slis.latency.subgraphs)).toEqual(expect.arrayContaining(['data', 'identity']));
    const slowest = slis.slowestFields.map((field) => field.p95);
    expect(slowest.length).toBeGreaterThan(0);
    expect(slowest).toEqual([...slowest].sort((a, b) => b - a));
    expect(slis.availability['5m']).toBe(1);
    expect(slis.authSuccessRate['5m']).toBe(1);
    expect(slis.warnings).toEqual([]);
  });

  it('serves the dashboard page that reads /slis', async () => {
    const response = await fetch(`${stack.gatewayUrl}/dashboard`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/<script[^>]+src="\/dashboard\/assets\//);
  });
});
