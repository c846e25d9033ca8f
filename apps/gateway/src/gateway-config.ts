import { parseConfig, variables, z } from '@fedbase/config';
import { defaultTokenIssuer } from '@fedbase/context';
import { defaultSubgraphPorts, subgraphNames, type SubgraphName } from '@fedbase/schema';

const subgraphUrl = (name: SubgraphName) =>
  z.url({ message: 'must be the http(s) URL of the subgraph\'s /graphql' }).default(`http://127.0.0.1:${defaultSubgraphPorts[name]}/graphql`);

/** What the gateway reads from its environment (nothing else in it reads `process.env`). */
export function parseGatewayConfig(env: Readonly<Record<string, string | undefined>> = process.env) {
  const config = parseConfig(
    {
      PORT: variables.port(4000),
      HOST: variables.host,
      LOG_LEVEL: variables.logLevel,
      /** Largest accepted GraphQL request body. */
      BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
      /** Serve the schema explorer at GET /graphql for browsers. @default INTROSPECTION (it needs introspection) */
      EXPLORER: z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).transform((value) => value === 'true' || value === '1').optional(),
      /** Answer `__schema`/`__type` for everyone; when false, for the operator (`x-admin-secret`) only. */
      INTROSPECTION: variables.boolean(true),
      /**
       * Nested selection sets per operation, fragments expanded. The explorer's introspection query
       * is 15 deep (TypeRef's nested ofType); the deepest operation of the API docs and tests is 5.
       */
      MAX_QUERY_DEPTH: z.coerce.number().int().min(1).max(100).default(15),
      /**
       * Fields times the sizes of their enclosing lists (first/last/limit, else 10). The costliest
       * documented operation, a full page of the audit log (`auditLog(first: 100)` with 7 fields),
       * costs 1,201: 5,000 leaves room for a page of ~45 fields, and refuses alias or nested-list bombs.
       */
      MAX_QUERY_COST: z.coerce.number().int().min(1).default(5_000),
      /**
       * Lexical tokens per document, counted before parsing. The longest documented one (the
       * explorer's introspection) has under 200; 5,000 bounds what a document can make the parser
       * and validation do, far below the 1 MiB body.
       */
      MAX_QUERY_TOKENS: z.coerce.number().int().min(100).default(5_000),
      /** A JSON manifest of the only operations non-operators may run (Apollo's persisted query manifest or {"<sha256>": "document"}). */
      TRUSTED_DOCUMENTS: z.string().min(1).optional(),
      SUBGRAPH_IDENTITY_URL: subgraphUrl('identity'),
      SUBGRAPH_DATA_URL: subgraphUrl('data'),
      SUBGRAPH_FILES_URL: subgraphUrl('files'),
      SUBGRAPH_EVENTS_URL: subgraphUrl('events'),
      SUBGRAPH_BILLING_URL: subgraphUrl('billing'),
      /** Identity's base URL for key exchange and the JWKS. @default SUBGRAPH_IDENTITY_URL without /graphql */
      IDENTITY_URL: variables.optionalUrl(['http', 'https']),
      TOKEN_ISSUER: z.string().min(1).default(defaultTokenIssuer),
      /** Shares rate-limit buckets between gateway instances; in memory without it. */
      REDIS_URL: variables.optionalUrl(['redis', 'rediss']),
      /** Proxies (load balancers) in front of the gateway whose X-Forwarded-For entry is the client's address. */
      TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
      /** Sign-in, sign-up and reset attempts allowed per client IP per minute. */
      AUTH_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(30),
      /** The operator's secret: the gateway proves itself with it to billing. `npm start` sets it. */
      ADMIN_SECRET: variables.optionalSecret,
      /** Billing's base URL (limits, metering). @default SUBGRAPH_BILLING_URL without /graphql */
      BILLING_URL: variables.optionalUrl(['http', 'https']),
      /** Enforce plans (requests per second and per month) and meter requests for billing. */
      BILLING_ENFORCEMENT: variables.boolean(true),
      /** How often request counts are sent to billing. */
      METERING_FLUSH_MS: z.coerce.number().int().min(100).default(5_000),
      /** How long a project's plan limits are used before billing is asked again. */
      BILLING_LIMITS_TTL_MS: z.coerce.number().int().min(100).default(5_000),
      /** A subgraph fetch not answered by then (or whose answer stalls that long) is abandoned; its fields are null with an error naming it. */
      SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
      /** Consecutive failed fetches (refused, timed out, 5xx) that open a subgraph's circuit. */
      SUBGRAPH_BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
      /** How long an open circuit fails fast before one fetch probes the subgraph again. */
      SUBGRAPH_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(100).default(5_000),
      /** A JSON file of SLOs (availability objective, p95 targets per operation); the defaults without it. */
      SLO_CONFIG: z.string().min(1).optional(),
      ...variables.tracing,
    },
    env,
  );
  const subgraphUrls = Object.fromEntries(
    subgraphNames.map((name) => [name, config[`SUBGRAPH_${name.toUpperCase()}_URL` as `SUBGRAPH_${Uppercase<SubgraphName>}_URL`]]),
  ) as Record<SubgraphName, string>;
  return Object.freeze({
    port: config.PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    explorer: config.EXPLORER ?? config.INTROSPECTION,
    introspection: config.INTROSPECTION,
    queryLimits: Object.freeze({
      maxDepth: config.MAX_QUERY_DEPTH,
      maxCost: config.MAX_QUERY_COST,
      maxTokens: config.MAX_QUERY_TOKENS,
      // A list whose size the query does not give is costed as 10 items (data's `first` defaults to 20, at most 100).
      defaultListSize: 10,
    }),
    trustedDocumentsPath: config.TRUSTED_DOCUMENTS,
    subgraphUrls: Object.freeze(subgraphUrls),
    identityUrl: (config.IDENTITY_URL ?? subgraphUrls.identity.replace(/\/graphql\/?$/, '')).replace(/\/+$/, ''),
    tokenIssuer: config.TOKEN_ISSUER,
    redisUrl: config.REDIS_URL,
    authAttemptsPerIp: config.AUTH_ATTEMPTS_PER_IP,
    trustedProxyHops: config.TRUSTED_PROXY_HOPS,
    adminSecret: config.ADMIN_SECRET,
    billing: Object.freeze({
      enabled: config.BILLING_ENFORCEMENT,
      url: (config.BILLING_URL ?? subgraphUrls.billing.replace(/\/graphql\/?$/, '')).replace(/\/+$/, ''),
      flushIntervalMs: config.METERING_FLUSH_MS,
      limitsTtlMs: config.BILLING_LIMITS_TTL_MS,
    }),
    subgraphResilience: Object.freeze({
      timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
      breakerFailures: config.SUBGRAPH_BREAKER_FAILURES,
      breakerCooldownMs: config.SUBGRAPH_BREAKER_COOLDOWN_MS,
    }),
    sloConfigPath: config.SLO_CONFIG,
    /** The gateway always records sampled traces (field histograms need them); exports only with an endpoint. */
    tracing: variables.tracingOptions(config),
  });
}

export type GatewayConfig = ReturnType<typeof parseGatewayConfig>;
