import { headersFromConnectionParams, type CallerVerifier, type RequestContext } from '@fedbase/context';
import { Errors, FedbaseError } from '@fedbase/errors';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import type { Logger, ServiceMetrics } from '@fedbase/telemetry';

interface SocketExtra {
  /** The verified caller of each operation on this socket, by operation id. */
  callers?: Map<string, RequestContext>;
  /** Ids of the operations on this socket that are subscriptions being served. */
  live?: Set<string>;
}

/**
 * graphql-ws on a subgraph. The gateway multiplexes every subscriber over ONE socket per subgraph,
 * so the caller's proofs (project token, bearer token, request id) travel with each operation in
 * `extensions.headers` and are verified per operation, exactly like HTTP headers. A client talking
 * to the subgraph directly may put them in `connectionParams` instead. Returns a disposer.
 */
export function serveSubscriptions(options: { wsServer: WebSocketServer; schema: GraphQLSchema; callerVerifier: CallerVerifier; logger: Logger; metrics: ServiceMetrics }): () => Promise<void> {
  const { wsServer, schema, callerVerifier, logger, metrics } = options;
  const callersOf = (extra: unknown): Map<string, RequestContext> => {
    const socket = extra as SocketExtra;
    socket.callers ??= new Map();
    return socket.callers;
  };
  // graphql-ws completes every operation it started (on a closing socket too, after returning its
  // subscriptions), and may report an error before that: whichever comes first releases it.
  const release = (extra: unknown, id: string) => {
    const socket = extra as SocketExtra;
    socket.callers?.delete(id);
    if (socket.live?.delete(id)) metrics.activeSubscriptions.dec();
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
      onOperation: (ctx, id, _payload, _args, result) => {
        if (!isAsyncIterable(result)) return;
        const socket = ctx.extra as SocketExtra;
        (socket.live ??= new Set()).add(id);
        metrics.activeSubscriptions.inc();
      },
      onComplete: (ctx, id) => release(ctx.extra, id),
      onError: (ctx, id) => release(ctx.extra, id),
    },
    wsServer,
  );
  return async () => {
    await server.dispose();
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
