import type { ApolloServer } from '@apollo/server';
import { headersFromConnectionParams } from '@fedbase/context';
import { Errors } from '@fedbase/errors';
import { GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import type { GatewayContext } from './gateway-context.ts';

export interface UseGatewayWebSocketOptions {
  wsServer: WebSocketServer;
  /** The current API schema (it changes when the supergraph does). */
  getSchema: () => GraphQLSchema | undefined;
  apollo: ApolloServer<GatewayContext>;
}

/**
 * graphql-ws (`graphql-transport-ws`) on the gateway. Queries and mutations sent over the socket
 * run through the same Apollo pipeline as HTTP; the credentials come from `connectionParams`.
 * Returns a disposer.
 */
export function useGatewayWebSocket({ wsServer, getSchema, apollo }: UseGatewayWebSocketOptions): () => Promise<void> {
  const server = useServer<Record<string, unknown>>(
    {
      schema: () => {
        const schema = getSchema();
        if (!schema) throw Errors.internal(new Error('the supergraph is not loaded yet'));
        return schema;
      },
      context: (ctx): GatewayContext => ({ headers: headersFromConnectionParams(ctx.connectionParams) }),
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
