import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { isErrorCode } from '@fedbase/errors';
import { isTraceSampled, type Logger } from '@fedbase/telemetry';
import { context, propagation, trace } from '@opentelemetry/api';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import type { GatewayContext } from './gateway-context.ts';
import type { GatewayObserver } from './observability/create-gateway-observer.ts';
import { recordSubgraphTrace } from './observability/record-subgraph-trace.ts';
import { createSubgraphFetcher, subgraphFailureMessage, subgraphFailureOf, type SubgraphResilienceOptions } from './resilience/create-subgraph-fetcher.ts';

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

const tracer = trace.getTracer('fedbase-gateway');
const now = () => performance.timeOrigin + performance.now();

/** @see SubgraphResilienceOptions: the gateway's defaults, for callers that do not configure them. */
export const defaultSubgraphResilience: SubgraphResilienceOptions = { timeoutMs: 10_000, breakerFailures: 5, breakerCooldownMs: 5_000 };

export interface SubgraphDataSourceOptions {
  observer?: GatewayObserver | undefined;
  resilience?: SubgraphResilienceOptions | undefined;
  /** Where a circuit opening or closing is logged. */
  logger?: Logger | undefined;
}

/**
 * How the gateway calls a subgraph over HTTP, for queries and for the entity fetches of each
 * subscription event alike: subgraphs receive the caller's proofs (project token, bearer token,
 * request id) and nothing else the client sent; identity also gets `x-admin-secret`. Every fetch
 * carries the trace context (W3C `traceparent`); on a sampled request it asks for the subgraph's
 * ftv1 trace too, which becomes field spans and histograms here and never reaches the client.
 * Fetches have a timeout and a circuit breaker: a subgraph that cannot answer makes its fields
 * null with an error naming it, and the rest of the answer arrives.
 */
export function createSubgraphDataSource(name: string, url: string, { observer, resilience = defaultSubgraphResilience, logger }: SubgraphDataSourceOptions = {}): RemoteGraphQLDataSource<GatewayContext> {
  const fetcher = createSubgraphFetcher(resilience, {
    onOpen: () => {
      logger?.warn({ subgraph: name, cooldownMs: resilience.breakerCooldownMs }, `circuit to ${name} open: its fetches fail fast until one probe succeeds`);
      observer?.circuit(name, true);
    },
    onClose: () => {
      logger?.info({ subgraph: name }, `circuit to ${name} closed`);
      observer?.circuit(name, false);
    },
  });
  return new SubgraphDataSource(name, observer, resilience, {
    url,
    // The stock fetcher is make-fetch-happen; this one is Node's fetch (undici, kept-alive
    // connections) behind the timeout and breaker.
    fetcher: fetcher.fetch as unknown as NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0]>['fetcher'],
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
 * Where a failed fetch's error belongs, in the fetch's own terms: each root field it asked for, or
 * the first entity of an entity fetch (the gateway maps `_entities.0` to that entity's place).
 */
function fetchedPaths(query: string | undefined): ((string | number)[] | undefined)[] {
  let document: DocumentNode | undefined;
  try {
    document = query ? parse(query) : undefined; // only on this failure path: the planner wrote it
  } catch {
    document = undefined;
  }
  const operation = document?.definitions.find((definition) => definition.kind === 'OperationDefinition');
  const names = operation?.kind === 'OperationDefinition' ? operation.selectionSet.selections.flatMap((selection) => (selection.kind === 'Field' ? [(selection.alias ?? selection.name).value] : [])) : [];
  if (names.includes('_entities')) return [['_entities', 0]];
  return names.length > 0 ? names.map((name) => [name]) : [undefined];
}

/** One data source per subgraph, shared by queries and subscription events, so each subgraph has one circuit. */
export function createSubgraphDataSources(urls: Readonly<Record<string, string>>, options: SubgraphDataSourceOptions = {}): Record<string, RemoteGraphQLDataSource<GatewayContext>> {
  return Object.fromEntries(Object.entries(urls).map(([name, url]) => [name, createSubgraphDataSource(name, url, options)]));
}

/**
 * A subgraph that refuses a request outright (401 for a token it will not take) answers with a
 * GraphQL body; the stock data source would wrap it in an error carrying the subgraph's internal
 * URL and whole response. Clients get the subgraph's own first error instead: its message and code.
 */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    private readonly observer: GatewayObserver | undefined,
    private readonly resilience: SubgraphResilienceOptions,
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
  ) {
    super(config);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const sentAt = now();
    let response: GatewayGraphQLResponse;
    try {
      response = await super.process(options);
    } catch (error) {
      this.observer?.subgraphFetch(this.subgraph, now() - sentAt, false);
      const failure = subgraphFailureOf(error);
      if (!failure) throw error;
      // Answered as the subgraph's own errors, so @apollo/gateway puts them at the fields' paths
      // (with `serviceName`) and completes everything that did not depend on this subgraph.
      const message = subgraphFailureMessage(this.subgraph, failure, this.resilience);
      return { errors: fetchedPaths(options.request.query).map((path) => ({ message, ...(path ? { path } : {}), extensions: { code: 'INTERNAL' } })) } as unknown as GatewayGraphQLResponse;
    }
    if (!this.observer) return response;
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
    return new GraphQLError(`The ${this.subgraph} service answered ${response.status}: retry later.`, { extensions: { code: 'INTERNAL' } });
  }
}
