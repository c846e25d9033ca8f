import { buildOperationContext, executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { Errors, FedbaseError } from '@fedbase/errors';
import type { Logger } from '@fedbase/telemetry';
import type { Gauge } from 'prom-client';
import { GraphQLError, print, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { GatewayContext } from '../gateway-context.ts';
import type { ResolvedCaller } from '../resolve-caller.ts';
import { createSubgraphSockets } from './create-subgraph-sockets.ts';

export interface SubscriptionExecutorOptions {
  /** The supergraph as the gateway loads it (see supergraphForGateway). */
  supergraphSdl: string;
  subgraphUrls: Readonly<Record<string, string>>;
  /** The gateway's own data sources (one circuit breaker per subgraph) for each event's entity fetches. */
  dataSources: Readonly<Record<string, GraphQLDataSource<GatewayContext>>>;
  /** Up while a subscription streams, down once it ended (however: by the client, the subgraph or an error). */
  activeSubscriptions: Pick<Gauge, 'inc' | 'dec'>;
  logger: Logger;
}

export interface SubscriptionSource {
  /**
   * Who is calling, established again for every event: a revoked key or an expired access token
   * ends the subscription (UNAUTHENTICATED) instead of streaming on, and entity fetches always
   * carry a fresh project token.
   */
  caller: () => Promise<ResolvedCaller>;
  clientIp: string;
}

export interface SubscriptionExecutor {
  subscribe(args: ExecutionArgs, source: SubscriptionSource): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>;
  close(): Promise<void>;
}

/** The stand-in subgraph that "fetches" the primary's data: the event the subgraph just sent. */
const eventServiceName = '__subscription_event__';

/**
 * Federated subscriptions, the way Apollo Router runs them. The federation query planner plans the
 * subscription as a primary fetch (the subgraph owning the root field) plus the rest. The primary
 * is opened as a graphql-ws subscription to that subgraph; each event it sends is completed by
 * @apollo/gateway's own plan executor, with the primary fetch answered by the event, so the rest
 * (entity fetches such as `owner { email }` from identity) runs exactly as it would for a query.
 */
export function createSubscriptionExecutor({ supergraphSdl, subgraphUrls, dataSources, activeSubscriptions, logger }: SubscriptionExecutorOptions): SubscriptionExecutor {
  const supergraph = Supergraph.build(supergraphSdl);
  const apiSchema = supergraph.apiSchema();
  const apiGraphQLSchema: GraphQLSchema = apiSchema.toGraphQLJSSchema();
  const supergraphSchema = supergraph.schema.toGraphQLJSSchema();
  const planner = new QueryPlanner(supergraph);
  const plans = new LRUCache<string, QueryPlan>({ max: 1_000 });
  const sockets = createSubgraphSockets();
  const serviceMap: ServiceMap = { ...dataSources };

  const planFor = (args: ExecutionArgs): QueryPlan => {
    const key = `${args.operationName ?? ''}\n${print(args.document)}`;
    let plan = plans.get(key);
    if (!plan) {
      const operation = operationFromDocument(apiSchema, args.document, { operationName: args.operationName ?? undefined });
      plan = planner.buildQueryPlan(operation);
      plans.set(key, plan);
    }
    return plan;
  };

  return {
    async subscribe(args, source) {
      let plan: QueryPlan;
      try {
        plan = planFor(args);
      } catch (error) {
        if (error instanceof GraphQLError) return { errors: [error] };
        throw error;
      }
      if (plan.node?.kind !== 'Subscription') return { errors: [Errors.badUserInput('Send queries and mutations as such; this path is for subscriptions.')] };
      const { primary, rest } = plan.node;
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      let first: ResolvedCaller;
      try {
        first = await source.caller();
      } catch (error) {
        if (error instanceof FedbaseError) return { errors: [error] }; // e.g. the key was revoked since connecting
        throw error;
      }
      const subgraphUrl = subgraphUrls[primary.serviceName];
      if (subgraphUrl === undefined) throw new Error(`the plan names an unknown subgraph "${primary.serviceName}"`);
      const open = (caller: ResolvedCaller) =>
        sockets.client(subgraphUrl).iterate({
          query: primary.operation,
          operationName: primary.operationName,
          variables: Object.fromEntries((primary.variableUsages ?? []).map((name) => [name, variables[name]])),
          extensions: { headers: caller.forwardHeaders },
        });
      let upstream = open(first);
      const operationContext = buildOperationContext({ schema: apiGraphQLSchema, operationDocument: args.document, operationName: args.operationName ?? undefined });
      const eventFetch: FetchNode = { ...primary, serviceName: eventServiceName };
      const eventPlan: QueryPlan = { kind: 'QueryPlan', node: rest ? ({ kind: 'Sequence', nodes: [eventFetch, rest] } satisfies PlanNode) : eventFetch };

      const complete = async (event: FormattedExecutionResult<Record<string, unknown>, unknown>): Promise<ExecutionResult> => {
        const caller = await source.caller();
        const eventSource: GraphQLDataSource = { process: async () => event as never };
        const context: GatewayContext = { caller, clientIp: source.clientIp };
        // What executeQueryPlan reads of a request context: the variables (fetches pick theirs), the
        // context data sources get (willSendRequest forwards the caller's tokens from it), the
        // metrics holder (trace capture is off) and a logger.
        const requestContext = {
          request: { query: primary.operation, variables, operationName: args.operationName ?? undefined },
          context,
          metrics: {},
          logger,
        };
        return executeQueryPlan(eventPlan, { ...serviceMap, [eventServiceName]: eventSource }, requestContext as never, operationContext, supergraphSchema, apiSchema);
      };

      let finished = false;
      activeSubscriptions.inc();
      const markFinished = () => {
        if (finished) return;
        finished = true;
        activeSubscriptions.dec();
      };
      const finish = async () => {
        markFinished();
        await upstream.return?.();
      };
      /**
       * The shared socket dropped (the subgraph restarted, or the network): subscribe again with a
       * freshly established caller, whose tokens are valid now, which re-sending the original
       * message would not guarantee. Events published meanwhile are missed; the subscriber hears
       * of the gap only if no attempt succeeds within ~8 s.
       */
      const resubscribe = async (): Promise<boolean> => {
        for (let attempt = 0; attempt < 5 && !finished; attempt += 1) {
          await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
          try {
            upstream = open(await source.caller());
            return true;
          } catch (error) {
            if (error instanceof FedbaseError) throw error;
          }
        }
        return false;
      };
      // An iterator object, not a generator: graphql-ws may call `return()` before the first
      // event, and the upstream subscription must be released then too.
      const events: AsyncIterableIterator<ExecutionResult> = {
        async next() {
          if (finished) return { done: true, value: undefined };
          let received: IteratorResult<FormattedExecutionResult<Record<string, unknown>, unknown>>;
          for (;;) {
            try {
              received = await upstream.next();
              break;
            } catch (error) {
              // A socket that closed under us is retried; an `error` message (rules, arguments, a
              // refused token) is the subgraph's answer and ends the subscription.
              const dropped = !Array.isArray(error);
              const again = dropped && (await resubscribe().catch((refusal: unknown) => {
                error = [refusal];
                return false;
              }));
              if (again) continue;
              await finish();
              return { done: false, value: { errors: toGraphQLErrors(error, primary.serviceName) } };
            }
          }
          if (received.done) {
            markFinished();
            return { done: true, value: undefined };
          }
          try {
            return { done: false, value: await complete(received.value) };
          } catch (error) {
            await finish();
            if (error instanceof FedbaseError) return { done: false, value: { errors: [error] } };
            logger.error({ err: error }, 'completing a subscription event failed');
            return { done: false, value: { errors: [Errors.internal(error)] } };
          }
        },
        async return() {
          await finish();
          return { done: true, value: undefined };
        },
        [Symbol.asyncIterator]() {
          return events;
        },
      };
      return events;
    },
    close: () => sockets.close(),
  };
}

/** graphql-ws hands a refused operation's errors over as an array of formatted errors. */
function toGraphQLErrors(error: unknown, subgraph: string): GraphQLError[] {
  const list = Array.isArray(error) ? error : [error];
  return list.map((item: unknown) => {
    if (item instanceof GraphQLError) return item;
    const formatted = item as { message?: unknown; extensions?: Record<string, unknown> };
    if (typeof formatted?.message === 'string' && !(item instanceof Error)) {
      return new GraphQLError(formatted.message, { extensions: { ...formatted.extensions, serviceName: subgraph } });
    }
    // A socket that could not be (re)opened: a CloseEvent or a network error.
    return new GraphQLError(`The ${subgraph} subgraph cannot be reached for subscriptions right now: subscribe again in a moment.`, {
      extensions: { code: 'INTERNAL', serviceName: subgraph },
    });
  });
}
