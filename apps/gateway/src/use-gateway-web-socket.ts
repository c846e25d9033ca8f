import type { ApolloServer } from '@apollo/server';
import { headersFromConnectionParams } from '@fedbase/context';
import { Errors, FedbaseError } from '@fedbase/errors';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import type { GatewayBilling } from './billing/create-gateway-billing.ts';
import type { GatewayContext } from './gateway-context.ts';
import { clientIpOf } from './client-ip.ts';
import { refuseServerMessages } from './refuse-server-messages.ts';
import type { SocketGuard } from './limits/index.ts';
import type { CallerResolver, ResolvedCaller } from './resolve-caller.ts';
import type { SubscriptionExecutor } from './subscriptions/create-subscription-executor.ts';

export interface UseGatewayWebSocketOptions {
  wsServer: WebSocketServer;
  /** Proxies in front of the gateway whose X-Forwarded-For is believed (see clientIpOf). */
  trustedProxyHops: number;
  /** The current API schema (it changes when the supergraph does). */
  getSchema: () => GraphQLSchema | undefined;
  apollo: ApolloServer<GatewayContext>;
  callers: CallerResolver;
  subscriptions: SubscriptionExecutor;
  /** Plan limits and metering for subscriptions (queries on the socket go through Apollo's plugin). */
  billing?: GatewayBilling | undefined;
  /** Trusted documents, size, depth, cost and introspection limits, as on HTTP. */
  guard: SocketGuard;
}

interface SocketExtra {
  caller?: ResolvedCaller;
  /** The credentials from connectionParams, to establish the caller again for every event. */
  headers?: Record<string, string>;
}

/** An operation's context on the socket: the gateway's, plus the credentials it came with. */
interface SocketContext extends GatewayContext {
  readonly headers: Record<string, string>;
}

/**
 * graphql-ws (`graphql-transport-ws`) on the gateway. Queries and mutations sent over the socket
 * run through the same Apollo pipeline as HTTP; the credentials come from `connectionParams`.
 * Returns a disposer.
 */
export function useGatewayWebSocket({ trustedProxyHops, wsServer, getSchema, apollo, callers, subscriptions, billing, guard }: UseGatewayWebSocketOptions): () => Promise<void> {
  // Before useServer's own listener: the connection event fires in order of registration.
  wsServer.on('connection', refuseServerMessages);
  const server = useServer<Record<string, unknown>>(
    {
      schema: () => {
        const schema = getSchema();
        if (!schema) throw Errors.internal(new Error('the supergraph is not loaded yet'));
        return schema;
      },
      // Checked once per connection, like HTTP checks each request: a bad key or token closes the
      // socket with 4403 Forbidden (graphql-ws's code for a refused connection).
      onConnect: async (ctx) => {
        try {
          const extra = ctx.extra as SocketExtra;
          extra.headers = headersFromConnectionParams(ctx.connectionParams);
          extra.caller = await callers.resolve(extra.headers);
          return true;
        } catch (error) {
          if (error instanceof FedbaseError) return false;
          throw error;
        }
      },
      // Every operation, subscriptions included (they never reach Apollo), passes the same limits as
      // HTTP before it is parsed, executed or sent to a subgraph.
      onSubscribe: async (ctx, _id, payload) => {
        const schema = getSchema();
        if (!schema) throw Errors.internal(new Error('the supergraph is not loaded yet'));
        return guard.admit(payload, schema, (ctx.extra as SocketExtra).caller?.adminSecret);
      },
      context: (ctx): SocketContext => ({
        headers: (ctx.extra as SocketExtra).headers ?? {},
        caller: (ctx.extra as SocketExtra).caller ?? { project: null, user: null, forwardHeaders: {}, adminSecret: null },
        clientIp: clientIpOf(ctx.extra.request, trustedProxyHops),
      }),
      async execute(args): Promise<ExecutionResult> {
        const response = await apollo.executeOperation(
          { query: guard.sourceOf(args.document) ?? args.document, variables: (args.variableValues ?? undefined) as Record<string, unknown> | undefined, operationName: args.operationName ?? undefined },
          { contextValue: args.contextValue as GatewayContext },
        );
        if (response.body.kind !== 'single') throw Errors.internal(new Error('incremental delivery over graphql-ws'));
        const { errors, ...result } = response.body.singleResult;
        // Apollo's errors are already formatted (masked) plain objects; graphql-ws calls toJSON on each.
        return (errors ? { ...result, errors: errors.map((error) => ({ ...error, toJSON: () => error })) } : result) as ExecutionResult;
      },
      // Federated: planned here, primary fetch streamed from the owning subgraph, the rest of each
      // event completed through the plan executor (see createSubscriptionExecutor).
      subscribe: async (args) => {
        const { headers, clientIp, caller } = args.contextValue as SocketContext;
        const projectId = caller.project?.id;
        if (billing && projectId) {
          // A subscription is one request, counted when it starts; its events are not.
          try {
            await billing.admission.takeRate(projectId);
            await billing.admission.admitOperation(projectId, args.operationName ?? 'anonymous', { exempt: false });
          } catch (error) {
            if (error instanceof FedbaseError) return { errors: [error] };
            throw error;
          }
        }
        return subscriptions.subscribe(args, { caller: () => callers.resolve(headers), clientIp });
      },
    },
    wsServer,
  );
  return async () => {
    await server.dispose();
  };
}
