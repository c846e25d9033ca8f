import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { isErrorCode } from '@fedbase/errors';
import { isTraceSampled } from '@fedbase/telemetry';
import { context, propagation, trace } from '@opentelemetry/api';
import { GraphQLError } from 'graphql';
import type { SubgraphName } from '@fedbase/schema';
import type { GatewayContext } from './gateway-context.ts';
import type { GatewayObserver } from './observability/create-gateway-observer.ts';
import { recordSubgraphTrace } from './observability/record-subgraph-trace.ts';

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

const tracer = trace.getTracer('fedbase-gateway');
const now = () => performance.timeOrigin + performance.now();

/**
 * How the gateway calls a subgraph over HTTP, for queries and for the entity fetches of each
 * subscription event alike: subgraphs receive the caller's proofs (project token, bearer token,
 * request id) and nothing else the client sent; identity also gets `x-admin-secret`. Every fetch
 * carries the trace context (W3C `traceparent`); on a sampled request it asks for the subgraph's
 * ftv1 trace too, which becomes field spans and histograms here and never reaches the client.
 */
export function createSubgraphDataSource(name: SubgraphName, url: string, observer?: GatewayObserver): RemoteGraphQLDataSource<GatewayContext> {
  return new SubgraphDataSource(name, observer, {
    url,
    willSendRequest({ request, context: gatewayContext }) {
      const headers = request.http?.headers;
      if (!headers) return;
      propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
      if (observer && isTraceSampled()) headers.set('apollo-federation-include-trace', 'ftv1');
      if (!gatewayContext.caller) return;
      for (const [header, value] of Object.entries(gatewayContext.caller.forwardHeaders)) headers.set(header, value as string);
      if (name === 'identity' && gatewayContext.caller.adminSecret) headers.set('x-admin-secret', gatewayContext.caller.adminSecret);
    },
  });
}

/**
 * A subgraph that refuses a request outright (401 for a token it will not take) answers with a
 * GraphQL body; the stock data source would wrap it in an error carrying the subgraph's internal
 * URL and whole response. Clients get the subgraph's own first error instead: its message and code.
 */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: SubgraphName,
    private readonly observer: GatewayObserver | undefined,
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
  ) {
    super(config);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    if (!this.observer) return super.process(options);
    const sentAt = now();
    let response: GatewayGraphQLResponse;
    try {
      response = await super.process(options);
    } catch (error) {
      this.observer.subgraphFetch(this.subgraph, now() - sentAt, false);
      throw error;
    }
    const receivedAt = now();
    this.observer.subgraphFetch(this.subgraph, receivedAt - sentAt, !response.errors?.some((error) => error.extensions?.['code'] === 'INTERNAL'));
    const ftv1 = response.extensions?.['ftv1'];
    if (typeof ftv1 === 'string') {
      // Taken out here, so @apollo/gateway does not decode it a second time.
      delete response.extensions!['ftv1'];
      const incomingPath = 'pathInIncomingRequest' in options ? options.pathInIncomingRequest : undefined;
      recordSubgraphTrace(ftv1, { subgraph: this.subgraph, sentAt, receivedAt, incomingPath }, { tracer, observer: this.observer });
    }
    return response;
  }

  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const body = (await response.json().catch(() => null)) as { errors?: { message?: unknown; extensions?: { code?: unknown } }[] } | null;
    const first = body?.errors?.[0];
    const code = first?.extensions?.code;
    if (typeof first?.message === 'string' && isErrorCode(code)) return new GraphQLError(first.message, { extensions: { code } });
    return new GraphQLError(`A service behind the gateway answered ${response.status}: retry later.`, { extensions: { code: 'INTERNAL' } });
  }
}
