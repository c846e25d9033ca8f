import { headersFromConnectionParams, type CallerVerifier, type RequestContext } from '@fedbase/context';
import { Errors, FedbaseError } from '@fedbase/errors';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import type { Logger } from '@fedbase/telemetry';

interface SocketExtra {
  /** The verified caller of each operation on this socket, by operation id. */
  callers?: Map<string, RequestContext>;
}

/**
 * graphql-ws on a subgraph. The gateway multiplexes every subscriber over ONE socket per subgraph,
 * so the caller's proofs (project token, bearer token, request id) travel with each operation in
 * `extensions.headers` and are verified per operation, exactly like HTTP headers. A client talking
 * to the subgraph directly may put them in `connectionParams` instead. Returns a disposer.
 */
export function serveSubscriptions(options: { wsServer: WebSocketServer; schema: GraphQLSchema; callerVerifier: CallerVerifier; logger: Logger }): () => Promise<void> {
  const { wsServer, schema, callerVerifier, logger } = options;
  const callersOf = (extra: unknown): Map<string, RequestContext> => {
    const socket = extra as SocketExtra;
    socket.callers ??= new Map();
    return socket.callers;
  };
  const server = useServer<Record<string, unknown>>(
    {
      schema,
      onSubscribe: async (ctx, id, payload) => {
        const extensions = payload.extensions as { headers?: Record<string, unknown> } | undefined;
        const headers = { ...headersFromConnectionParams(ctx.connectionParams), ...headersFromConnectionParams(extensions?.headers) };
        try {
          callersOf(ctx.extra).set(id, await callerVerifier.contextFromHeaders(headers));
        } catch (error) {
          // A refused caller ends this operation with the error, not the shared socket.
          if (error instanceof FedbaseError) return [error];
          logger.error({ err: error }, 'verifying a subscriber failed');
          return [Errors.internal(error)];
        }
        return undefined;
      },
      context: (ctx, id) => callersOf(ctx.extra).get(id) ?? {},
      onComplete: (ctx, id) => void callersOf(ctx.extra).delete(id),
      onError: (ctx, id) => void callersOf(ctx.extra).delete(id),
    },
    wsServer,
  );
  return async () => {
    await server.dispose();
  };
}
