import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { isErrorCode } from '@fedbase/errors';
import { isTraceSampled, type Logger } from '@fedbase/telemetry';
import { context, propagation, trace } from '@opentelemetry/api';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import type { GatewayContext } from './gateway-context.ts';
import type { GatewayObserver } from './observability/create-gateway-observer.ts';
import { recordSubgraphTrace } from './observability/record-subgraph-trace.ts';
import { createSubgraphFetcher, subgraphFailureMessage, subgraphFailureOf, type SubgraphAnswer, type SubgraphFetcher, type SubgraphResilienceOptions } from './resilience/create-subgraph-fetcher.ts';

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource<GatewayContext>['process']>>;

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

/** A subgraph the gateway fetches from; `close` ends its kept-alive connections. */
export interface SubgraphDataSource extends GraphQLDataSource<GatewayContext> {
  close(): Promise<void>;
}

/**
 * How the gateway calls a subgraph over HTTP, for queries and for the entity fetches of each
 * subscription event alike: subgraphs receive the caller's proofs (project token, bearer token,
 * request id) and nothing else the client sent; identity also gets `x-admin-secret`. Every fetch
 * carries the trace context (W3C `traceparent`); on a sampled request it asks for the subgraph's
 * ftv1 trace too, which becomes field spans and histograms here and never reaches the client.
 * Fetches have a timeout and a circuit breaker: a subgraph that cannot answer makes its fields
 * null with an error naming it, and the rest of the answer arrives.
 *
 * What @apollo/gateway's RemoteGraphQLDataSource does, without what this gateway does not use
 * (APQ to subgraphs, cache-control hints: subgraphs send none) and without its per-fetch Fetch API
 * objects: a node-fetch Headers and Request built and thrown away, then our fetcher's.
 */
export function createSubgraphDataSource(name: string, url: string, { observer, resilience = defaultSubgraphResilience, logger }: SubgraphDataSourceOptions = {}): SubgraphDataSource {
  const fetcher = createSubgraphFetcher(url, resilience, {
    onOpen: () => {
      logger?.warn({ subgraph: name, cooldownMs: resilience.breakerCooldownMs }, `circuit to ${name} open: its fetches fail fast until one probe succeeds`);
      observer?.circuit(name, true);
    },
    onClose: () => {
      logger?.info({ subgraph: name }, `circuit to ${name} closed`);
      observer?.circuit(name, false);
    },
  });
  return {
    process: (options) => fetchFromSubgraph(name, fetcher, options, observer, resilience),
    close: () => fetcher.close(),
  };
}

/** The headers a subgraph receives: JSON, the trace context, and the caller's proofs. */
function headersFor(subgraph: string, gatewayContext: Partial<GatewayContext> | undefined, observer: GatewayObserver | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  propagation.inject(context.active(), headers);
  if (observer && isTraceSampled()) headers['apollo-federation-include-trace'] = 'ftv1';
  const caller = gatewayContext?.caller;
  if (!caller) return headers;
  Object.assign(headers, caller.forwardHeaders);
  if (subgraph === 'identity' && caller.adminSecret) headers['x-admin-secret'] = caller.adminSecret;
  return headers;
}

async function fetchFromSubgraph(subgraph: string, fetcher: SubgraphFetcher, options: GraphQLDataSourceProcessOptions<GatewayContext>, observer: GatewayObserver | undefined, resilience: SubgraphResilienceOptions): Promise<GatewayGraphQLResponse> {
  const { request } = options;
  if (!request.query) throw new Error('Missing query');
  const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName, extensions: request.extensions });
  const sentAt = now();
  let answer: SubgraphAnswer;
  try {
    answer = await fetcher.post(body, headersFor(subgraph, options.context, observer));
  } catch (error) {
    observer?.subgraphFetch(subgraph, now() - sentAt, false);
    const failure = subgraphFailureOf(error);
    if (!failure) throw error;
    // Answered as the subgraph's own errors, so @apollo/gateway puts them at the fields' paths
    // (with `serviceName`) and completes everything that did not depend on this subgraph.
    const message = subgraphFailureMessage(subgraph, failure, resilience);
    return { errors: fetchedPaths(request.query).map((path) => ({ message, ...(path ? { path } : {}), extensions: { code: 'INTERNAL' } })) } as unknown as GatewayGraphQLResponse;
  }
  const receivedAt = now();
  const response = answer.status >= 200 && answer.status < 300 ? parseGraphQLAnswer(answer) : undefined;
  if (!response) {
    observer?.subgraphFetch(subgraph, receivedAt - sentAt, false);
    throw errorFromAnswer(subgraph, answer);
  }
  if (!observer) return response;
  observer.subgraphFetch(subgraph, receivedAt - sentAt, !response.errors?.some((error) => error.extensions?.['code'] === 'INTERNAL'));
  const ftv1 = response.extensions?.['ftv1'];
  if (typeof ftv1 === 'string') {
    // Taken out here, so @apollo/gateway does not decode it a second time.
    delete response.extensions!['ftv1'];
    const incomingPath = 'pathInIncomingRequest' in options ? options.pathInIncomingRequest : undefined;
    recordSubgraphTrace(ftv1, { subgraph, sentAt, receivedAt, incomingPath }, { tracer, observer });
  }
  return response;
}

/** A 2xx answer's GraphQL response, or undefined when it is not one. */
function parseGraphQLAnswer(answer: SubgraphAnswer): GatewayGraphQLResponse | undefined {
  if (!answer.contentType?.startsWith('application/json') && !answer.contentType?.startsWith('application/graphql-response+json')) return undefined;
  try {
    const parsed: unknown = JSON.parse(answer.body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as GatewayGraphQLResponse) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A subgraph that refuses a request outright (401 for a token it will not take) answers with a
 * GraphQL body: clients get the subgraph's own first error, its message and code, not the
 * subgraph's internal URL and whole response. Anything else is the subgraph's failure.
 */
function errorFromAnswer(subgraph: string, answer: SubgraphAnswer): GraphQLError {
  let first: { message?: unknown; extensions?: { code?: unknown } } | undefined;
  try {
    first = (JSON.parse(answer.body) as { errors?: (typeof first)[] } | null)?.errors?.[0];
  } catch {
    first = undefined;
  }
  const code = first?.extensions?.code;
  if (typeof first?.message === 'string' && isErrorCode(code)) return new GraphQLError(first.message, { extensions: { code } });
  return new GraphQLError(`The ${subgraph} service answered ${answer.status}: retry later.`, { extensions: { code: 'INTERNAL' } });
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
export function createSubgraphDataSources(urls: Readonly<Record<string, string>>, options: SubgraphDataSourceOptions = {}): Record<string, SubgraphDataSource> {
  return Object.fromEntries(Object.entries(urls).map(([name, url]) => [name, createSubgraphDataSource(name, url, options)]));
}
