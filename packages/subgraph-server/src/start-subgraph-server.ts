import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { CallerVerifier, RequestContext } from '@fedbase/context';
import { maskError } from '@fedbase/errors';
import { createMetricsPlugin, drainHttpServer, handleGraphQLRequest, sendJson, sendText, serveRoutes } from '@fedbase/http';
import { createLogger, createServiceMetrics, traceServerRequest, type Logger, type ServiceMetrics } from '@fedbase/telemetry';
import type { DocumentNode } from 'graphql';
import { WebSocketServer } from 'ws';
import { createInlineTracePlugin } from './create-inline-trace-plugin.ts';
import { createReadinessCheck, type ReadinessChecks } from './create-readiness-check.ts';
import { enforceAccessDirectives } from './enforce-access-directives.ts';
import { answerMissingRootFields } from './not-available-yet.ts';
import { serveSubscriptions } from './serve-subscriptions.ts';

/** Resolvers keyed by type and field, the shape buildSubgraphSchema takes (with `__resolveReference`). */
export type SubgraphResolvers = NonNullable<Parameters<typeof buildSubgraphSchema>[0] extends infer M ? M extends readonly (infer E)[] ? E extends { resolvers?: infer R } ? R : never : never : never>;

export interface SubgraphServerOptions {
  /** The subgraph's name: in logs, metrics and `/healthz`. */
  name: string;
  /** The subgraph's SDL, parsed. */
  typeDefs: DocumentNode;
  resolvers: SubgraphResolvers;
  /** Checks the project token and access token of every request (see @fedbase/context). */
  callerVerifier: CallerVerifier;
  /**
   * Plain HTTP routes beside GraphQL (identity's JWKS, data's export, files' uploads): answers the
   * request and returns a route label for metrics, or returns undefined to pass. `caller()`
   * verifies the request's tokens like GraphQL requests' (throws UNAUTHENTICATED).
   */
  routes?: SubgraphRoutes;
  /** @default 0 (a free port, read it back from `port`) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /**
   * Readiness beyond "the server listens", by name (`{ database: () => db.ping() }`): `/readyz` is
   * 503 while any is false, and names each check's result. @default none (ready while listening)
   */
  readinessChecks?: ReadinessChecks;
  /** @default a JSON logger on stderr at level info */
  logger?: Logger;
  /** @default metrics labelled with `name` */
  metrics?: ServiceMetrics;
  /**
   * Called after every mutation has answered: the outbox relay's kick, so rows a mutation
   * committed go out at once even where a service does not kick itself.
   */
  afterMutation?: () => void;
}

export type SubgraphRoutes = (req: IncomingMessage, res: ServerResponse, caller: () => Promise<RequestContext>) => Promise<string | undefined>;

export interface RunningSubgraph {
  readonly url: string;
  readonly port: number;
  readonly metrics: ServiceMetrics;
  /** Stops accepting, closes subscriptions with 1001 (going away) and waits for in-flight requests. */
  close(): Promise<void>;
}

/**
 * Serves one subgraph: GraphQL over HTTP (GET and POST) and graphql-ws at `/graphql`, `/healthz`,
 * `/readyz` and `/metrics`. Every subgraph runs on this, so they behave alike for the gateway.
 */
export async function startSubgraphServer(options: SubgraphServerOptions): Promise<RunningSubgraph> {
  const { name, typeDefs, resolvers } = options;
  const logger = options.logger ?? createLogger({ service: name });
  const metrics = options.metrics ?? createServiceMetrics(name);
  const schema = enforceAccessDirectives(answerMissingRootFields(buildSubgraphSchema([{ typeDefs, resolvers }])));
  const { callerVerifier } = options;
  const checkReadiness = createReadinessCheck({ checks: options.readinessChecks ?? {}, logger });
  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
    // Credentials travel only in headers (x-api-key, authorization), never cookies, so a cross-site
    // GET carries none and cannot act as anyone: plain `GET /graphql?query=` must work for apps.
    csrfPrevention: false,
    plugins: [createMetricsPlugin(metrics), createInlineTracePlugin(), ...(options.afterMutation ? [createAfterMutationPlugin(options.afterMutation)] : [])],
    logger: { debug: () => {}, info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
  });
  await apollo.start();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<string> => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === '/graphql' && (req.method === 'GET' || req.method === 'POST')) {
      // The gateway's traceparent makes this span a child of its fetch: one trace per client request.
      await traceServerRequest({ name: `${name} /graphql`, headers: req.headers, continueCallersTrace: true, attributes: { 'fedbase.subgraph': name } }, () =>
        handleGraphQLRequest(apollo, req, res, { context: () => callerVerifier.contextFromHeaders(req.headers), logger }),
      );
      return '/graphql';
    }
    const routed = await options.routes?.(req, res, () => callerVerifier.contextFromHeaders(req.headers));
    if (routed) return routed;
    if (path === '/healthz') {
      sendJson(res, 200, { status: 'ok', subgraph: name });
      return path;
    }
    if (path === '/readyz') {
      const { ready, checks } = await checkReadiness();
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', subgraph: name, checks });
      return path;
    }
    if (path === '/metrics') {
      sendText(res, 200, await metrics.render(), metrics.registry.contentType);
      return path;
    }
    sendJson(res, 404, { error: `No route ${req.method} ${path}; GraphQL is served at /graphql.` });
    return 'unknown';
  };

  const server = serveRoutes(handle, { metrics, logger });
  server.keepAliveTimeout = 65_000; // longer than the gateway's pool idle timeout, so it never reuses a closing socket

  const wsServer = new WebSocketServer({ server, path: '/graphql' });
  const disposeWs = serveSubscriptions({ wsServer, schema, callerVerifier, logger, metrics });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/graphql`;
  logger.info({ url }, `${name} subgraph listening`);

  return {
    url,
    port,
    metrics,
    async close() {
      for (const client of wsServer.clients) client.close(1001, 'Going away');
      await disposeWs();
      await drainHttpServer(server);
      await apollo.stop();
      logger.flush();
    },
  };
}

function createAfterMutationPlugin(afterMutation: () => void): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation }) {
          if (operation?.operation === 'mutation') afterMutation();
        },
      };
    },
  };
}
