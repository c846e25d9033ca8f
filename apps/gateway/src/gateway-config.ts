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
      /** Serve the schema explorer at GET /graphql for browsers. */
      EXPLORER: variables.boolean(true),
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
    explorer: config.EXPLORER,
    subgraphUrls: Object.freeze(subgraphUrls),
    identityUrl: (config.IDENTITY_URL ?? subgraphUrls.identity.replace(/\/graphql\/?$/, '')).replace(/\/+$/, ''),
    tokenIssuer: config.TOKEN_ISSUER,
    redisUrl: config.REDIS_URL,
    authAttemptsPerIp: config.AUTH_ATTEMPTS_PER_IP,
    adminSecret: config.ADMIN_SECRET,
    billing: Object.freeze({
      enabled: config.BILLING_ENFORCEMENT,
      url: (config.BILLING_URL ?? subgraphUrls.billing.replace(/\/graphql\/?$/, '')).replace(/\/+$/, ''),
      flushIntervalMs: config.METERING_FLUSH_MS,
      limitsTtlMs: config.BILLING_LIMITS_TTL_MS,
    }),
    sloConfigPath: config.SLO_CONFIG,
    /** The gateway always records sampled traces (field histograms need them); exports only with an endpoint. */
    tracing: variables.tracingOptions(config),
  });
}

export type GatewayConfig = ReturnType<typeof parseGatewayConfig>;
