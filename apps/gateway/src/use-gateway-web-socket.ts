import type { ApolloServer } from '@apollo/server';
import { headersFromConnectionParams } from '@fedbase/context';
import { Errors, FedbaseError } from '@fedbase/errors';
import { GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import type { GatewayContext } from './gateway-context.ts';
import type { CallerResolver, ResolvedCaller } from './resolve-caller.ts';

export interface UseGatewayWebSocketOptions {
  wsServer: WebSocketServer;
  /** The current API schema (it changes when the supergraph does). */
  getSchema: () => GraphQLSchema | undefined;
  apollo: ApolloServer<GatewayContext>;
  callers: CallerResolver;
}

/**
 * graphql-ws (`graphql-transport-ws`) on the gateway. Queries and mutations sent over the socket
 * run through the same Apollo pipeline as HTTP; the credentials come from `connectionParams`.
 * Returns a disposer.
 */
export function useGatewayWebSocket({ wsServer, getSchema, apollo, callers }: UseGatewayWebSocketOptions): () => Promise<void> {
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
          const caller = await callers.resolve(headersFromConnectionParams(ctx.connectionParams));
          (ctx.extra as { caller?: ResolvedCaller }).caller = caller;
          return true;
        } catch (error) {
          if (error instanceof FedbaseError) return false;
          throw error;
        }
      },
      context: (ctx): GatewayContext => ({
        caller: (ctx.extra as { caller?: ResolvedCaller }).caller ?? { project: null, user: null, forwardHeaders: {}, adminSecret: null },
        clientIp: ctx.extra.request.socket.remoteAddress ?? 'unknown',
      }),
      async execute(args): Promise<ExecutionResult> {
        const response = await apollo.executeOperation(
          { query: args.document, variables: (args.variableValues ?? undefined) as Record<string, unknown> | undefined, operationName: args.operationName ?? undefined },
          { contextValue: args.contextValue as GatewayContext },
        );
        if (response.body.kind !== 'single') throw Errors.internal(new Error('incremental delivery over graphql-ws'));
        return response.body.singleResult as ExecutionResult;
      },
      // Federated subscriptions need a planner-driven executor of their own (see the realtime issue);
      // until it lands a subscription gets one clear error instead of hanging.
      subscribe: (): ExecutionResult => ({
        errors: [new GraphQLError('Subscriptions through the gateway are not available in this version of Fedbase yet.', { extensions: { code: 'INTERNAL' } })],
      }),
    },
    wsServer,
  );
  return async () => {
    await server.dispose();
  };
}
