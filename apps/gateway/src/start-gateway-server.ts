import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { createCallerVerifier, createRemoteKeySet } from '@fedbase/context';
import { FedbaseError, maskError } from '@fedbase/errors';
import { createMetricsPlugin, drainHttpServer, handleGraphQLRequest, sendGraphQLError, sendJson, sendText, serveRoutes } from '@fedbase/http';
import { createRateLimiter } from '@fedbase/rate-limit';
import { createSliRecorder, loadSloConfig, type SliRecorder } from '@fedbase/slo';
import { createLogger, createServiceMetrics, traceServerRequest, type Logger, type ServiceMetrics } from '@fedbase/telemetry';
import type { GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import { checkSubgraphs } from './check-subgraphs.ts';
import { clientIpOf } from './client-ip.ts';
import { createDashboardHandler } from './dashboard/index.ts';
import { createExplorerHandler } from './explorer/index.ts';
import { createGateway, fedbaseSupergraph, type ServedSupergraph } from './create-gateway.ts';
import { createSubgraphDataSources } from './create-subgraph-data-source.ts';
import { createSubscriptionExecutor } from './subscriptions/create-subscription-executor.ts';
import type { GatewayConfig } from './gateway-config.ts';
import type { GatewayContext } from './gateway-context.ts';
import { createGatewayBilling } from './billing/create-gateway-billing.ts';
import { createAuthThrottlePlugin, createRateLimitedStatusPlugin } from './create-throttle-plugins.ts';
import { createPlanKeyPlugin } from './create-plan-key-plugin.ts';
import { createSubgraphProxy } from './proxy-to-subgraph.ts';
import { createCallerResolver } from './resolve-caller.ts';
import { useGatewayWebSocket } from './use-gateway-web-socket.ts';
import { createDepthLimitRule, createLimitsPlugin, createOperatorCheck, createSocketGuard, guardHttpRequests, loadTrustedDocuments } from './limits/index.ts';
import { createGatewayObserver } from './observability/create-gateway-observer.ts';
import { createObservabilityPlugin } from './observability/create-observability-plugin.ts';
import { createSlisHandler } from './observability/serve-slis.ts';

export interface StartGatewayServerOptions {
  config: GatewayConfig;
  /** @default a JSON logger on stderr */
  logger?: Logger;
  /** @default the bundle built by `npm run build` in apps/gateway/dist/explorer */
  explorerAssetsDir?: string;
  /** @default the bundle built by `npm run build` in apps/gateway/dist/dashboard */
  dashboardAssetsDir?: string;
  /**
   * What `/graphql` serves. @default Fedbase's five subgraphs at `config.subgraphUrls`. Another
   * supergraph is for measuring the gateway on a foreign workload (bench/): the routes that belong
   * to Fedbase's own subgraphs (files, data export, JWKS, SLIs, readiness) still use the config.
   */
  supergraph?: ServedSupergraph;
}

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  readonly metrics: ServiceMetrics;
  /** This gateway's rolling SLI windows (served at `/slis`). */
  readonly slis: SliRecorder;
  /** Drains HTTP, closes graphql-ws connections with 1001 (going away), stops the gateway. */
  close(): Promise<void>;
}

const defaultExplorerAssetsDir = fileURLToPath(new URL('../dist/explorer', import.meta.url));
const defaultDashboardAssetsDir = fileURLToPath(new URL('../dist/dashboard', import.meta.url));

/**
 * The public HTTP surface: GraphQL over HTTP and graphql-ws at `/graphql` (callers resolved first),
 * the explorer for browsers, `/data/collections/*` and `/files/*` (streamed to their subgraphs),
 * `/.well-known/jwks.json` (identity's), `/healthz`, `/readyz` (every subgraph ready), `/metrics`,
 * `/slis` and `/dashboard` (the operator's).
 */
export async function startGatewayServer({ config, logger = createLogger({ service: 'gateway', level: config.logLevel }), explorerAssetsDir = defaultExplorerAssetsDir, dashboardAssetsDir = defaultDashboardAssetsDir, supergraph = fedbaseSupergraph(config.subgraphUrls) }: StartGatewayServerOptions): Promise<RunningGateway> {
  const metrics = createServiceMetrics('gateway');
  const sloConfig = await loadSloConfig(config.sloConfigPath);
  const trustedDocuments = config.trustedDocumentsPath === undefined ? undefined : await loadTrustedDocuments(config.trustedDocumentsPath);
  const isOperator = createOperatorCheck(config.adminSecret);
  const slis = createSliRecorder();
  const observer = createGatewayObserver({ registry: metrics.registry, slis });
  const dataSources = createSubgraphDataSources(supergraph.subgraphUrls, { observer, resilience: config.subgraphResilience, logger });
  const gateway = createGateway(supergraph.sdl, dataSources);
  const jwksUrl = `${config.identityUrl}/.well-known/jwks.json`;
  const verifier = createCallerVerifier({ keys: createRemoteKeySet(jwksUrl), issuer: config.tokenIssuer });
  const callers = createCallerResolver({ identityUrl: config.identityUrl, verifier });
  const proxy = createSubgraphProxy({ callers, logger });
  const limiter = createRateLimiter({
    redisUrl: config.redisUrl,
    connectionName: 'fedbase-gateway-limits',
    onError: (error) => logger.warn({ err: error }, 'rate limiter unavailable: allowing'),
    onReconnect: () => logger.info('rate limiter: Redis reachable again, limiting'),
  });
  const billing = config.billing.enabled
    ? createGatewayBilling({ ...config.billing, billingUrl: config.billing.url, adminSecret: config.adminSecret, limiter, registry: metrics.registry, logger, onThrottle: observer.throttle })
    : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
    // Credentials travel only in headers (x-api-key, authorization), never cookies, so a cross-site
    // GET carries none and cannot act as anyone: plain `GET /graphql?query=` must work for apps.
    csrfPrevention: false,
    // Hostile input (see limits/): introspection is gated per caller by createLimitsPlugin, so
    // Apollo's own switch (which would refuse the operator too) stays on; with TRUSTED_DOCUMENTS
    // the manifest replaces APQ's register-on-demand store.
    introspection: true,
    validationRules: [createDepthLimitRule(config.queryLimits.maxDepth)],
    parseOptions: { maxTokens: config.queryLimits.maxTokens },
    ...(trustedDocuments ? { persistedQueries: false as const } : {}),
    plugins: [
      createLimitsPlugin({ limits: config.queryLimits, introspection: config.introspection, isOperator }),
      createMetricsPlugin(metrics),
      createObservabilityPlugin({ observer, operationLabel: metrics.operationLabel }),
      createAuthThrottlePlugin(limiter, config.authAttemptsPerIp),
      ...(billing ? [billing.plugin] : []),
      createRateLimitedStatusPlugin(),
      createPlanKeyPlugin(),
    ],
    logger: { debug: () => {}, info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
  });
  // Registered before start() so the first load is seen too.
  let apiSchema: GraphQLSchema | undefined;
  const stopWatchingSchema = gateway.onSchemaLoadOrUpdate((update) => {
    apiSchema = update.apiSchema;
  });
  await apollo.start();
  const httpApollo = guardHttpRequests(apollo, { limits: config.queryLimits, trusted: trustedDocuments, isOperator });
  const explorer = config.explorer ? createExplorerHandler({ assetsDir: explorerAssetsDir }) : () => false;
  const dashboard = createDashboardHandler({ assetsDir: dashboardAssetsDir });
  const eventsUrl = config.subgraphUrls.events.replace(/\/graphql\/?$/, '');
  const serveSlis = createSlisHandler({ slis, sloConfig, adminSecret: config.adminSecret, eventsUrl, logger });
  const resolveCaller = async (req: IncomingMessage) => {
    const presented = Boolean(req.headers['x-api-key'] || req.headers.authorization);
    try {
      const caller = await callers.resolve(req.headers);
      if (presented) observer.auth(true);
      return caller;
    } catch (error) {
      if (error instanceof FedbaseError && error.code === 'UNAUTHENTICATED') observer.auth(false);
      throw error;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<string> => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === '/graphql' && (req.method === 'GET' || req.method === 'POST')) {
      if (explorer(req, res)) return 'explorer';
      // Without an Accept header we answer in the GraphQL-over-HTTP media type, so a bad document is a 400 that says so.
      if (!req.headers.accept || req.headers.accept === '*/*') req.headers.accept = 'application/graphql-response+json, application/json;q=0.9';
      const clientIp = clientIpOf(req, config.trustedProxyHops);
      // The root of the request's trace, sampled at FIELD_TRACE_SAMPLE_RATE; a client's own
      // traceparent is not followed, or any client could have every request traced.
      await traceServerRequest({ name: 'graphql', headers: req.headers, continueCallersTrace: false }, () =>
        handleGraphQLRequest(httpApollo, req, res, {
          context: async () => {
            const caller = await resolveCaller(req);
            // Before the body is parsed: a flood of requests, valid or not, is refused for the price of a token.
            if (billing && caller.project) await billing.admission.takeRate(caller.project.id);
            return { caller, clientIp, rateLimitTaken: true };
          },
          bodyLimitBytes: config.bodyLimitBytes,
          logger,
        }),
      );
      return '/graphql';
    }
    if (path?.startsWith('/files/upload/') || path?.startsWith('/files/download/')) {
      // File bytes, streamed both ways; the signed token in the path is the credential.
      const filesBase = config.subgraphUrls.files.replace(/\/graphql\/?$/, '');
      await proxy(req, res, `${filesBase}${req.url ?? ''}`);
      return path.startsWith('/files/upload/') ? '/files/upload/:token' : '/files/download/:token';
    }
    if (path?.startsWith('/data/collections/')) {
      // NDJSON export and import of a collection, served by the data subgraph.
      const dataBase = config.subgraphUrls.data.replace(/\/graphql\/?$/, '');
      await proxy(req, res, `${dataBase}${(req.url ?? '').slice('/data'.length)}`);
      return '/data/collections/*';
    }
    if (path === '/.well-known/jwks.json' && req.method === 'GET') {
      // Served on the public origin so apps and other services can verify access tokens.
      const upstream = await fetch(jwksUrl);
      sendText(res, upstream.status, await upstream.text(), upstream.headers.get('content-type') ?? 'application/jwk-set+json');
      return path;
    }
    if (path?.startsWith('/explorer/') && explorer(req, res)) return 'explorer';
    if (path?.startsWith('/dashboard') && dashboard(req, res)) return 'dashboard';
    if (path === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
      return path;
    }
    if (path === '/readyz') {
      const [subgraphs, limiting] = await Promise.all([checkSubgraphs(config.subgraphUrls), limiter.ping()]);
      const ready = subgraphs.every((subgraph) => subgraph.ready);
      // Shown, not counted: the limiter fails open by design, so without Redis this gateway still
      // serves correctly, and a 503 from every gateway at once would turn that into an outage.
      const rateLimiter = limiting ? 'ok' : 'failing open';
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', subgraphs, rateLimiter });
      return path;
    }
    if (path === '/slis' && req.method === 'GET') {
      await serveSlis(req, res);
      return path;
    }
    if (path === '/metrics') {
      sendText(res, 200, await metrics.render(), metrics.registry.contentType);
      return path;
    }
    if (path === '/graphql') {
      res.setHeader('allow', 'GET, POST');
      sendGraphQLError(res, 405, 'BAD_USER_INPUT', `GraphQL takes GET (queries) and POST, not ${req.method}.`);
      return '/graphql';
    }
    sendJson(res, 404, { error: `No route ${req.method} ${path}. GraphQL is at /graphql.` });
    return 'unknown';
  };

  const server = serveRoutes(handle, { metrics, logger });
  const wsServer = new WebSocketServer({ server, path: '/graphql' });
  const subscriptions = createSubscriptionExecutor({ supergraphSdl: supergraph.sdl, subgraphUrls: supergraph.subgraphUrls, dataSources, activeSubscriptions: metrics.activeSubscriptions, logger });
  const guard = createSocketGuard({ limits: config.queryLimits, introspection: config.introspection, trusted: trustedDocuments, isOperator });
  const disposeWs = useGatewayWebSocket({ trustedProxyHops: config.trustedProxyHops, wsServer, getSchema: () => apiSchema, apollo, callers, subscriptions, billing, guard });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info({ url }, 'gateway listening');
  return {
    url,
    port,
    metrics,
    slis,
    async close() {
      for (const client of wsServer.clients) client.close(1001, 'Going away');
      await disposeWs();
      await subscriptions.close();
      stopWatchingSchema();
      await drainHttpServer(server);
      // Counts of the requests just served go to billing while the rest stops: they survive the restart.
      const flushed = billing?.close().catch((error: unknown) => logger.error({ err: error }, 'sending usage at shutdown failed'));
      await apollo.stop();
      await flushed;
      await limiter.close();
      await Promise.all(Object.values(dataSources).map((dataSource) => dataSource.close()));
    },
  };
}
