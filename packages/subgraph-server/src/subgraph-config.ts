import { ConfigError, parseConfig, variables, z } from '@fedbase/config';
import { defaultTokenIssuer } from '@fedbase/context';
import { defaultSubgraphPorts, type SubgraphName } from '@fedbase/schema';

const postgresUrl = variables.optionalUrl(['postgres', 'postgresql']);

/** What a subgraph process reads from its environment (nothing else in it reads `process.env`). */
export function parseSubgraphConfig(name: SubgraphName, env: Readonly<Record<string, string | undefined>> = process.env) {
  const ownDatabaseUrl = `${name.toUpperCase()}_DATABASE_URL`;
  const parse = () =>
    parseConfig(
      {
        PORT: variables.port(defaultSubgraphPorts[name]),
        HOST: variables.host,
        DATA_DIR: variables.dataDir,
        DATABASE_URL: postgresUrl,
        REDIS_URL: variables.optionalUrl(['redis', 'rediss']),
        LOG_LEVEL: variables.logLevel,
        IDENTITY_URL: variables.url(`http://127.0.0.1:${defaultSubgraphPorts.identity}`, ['http', 'https']),
        TOKEN_ISSUER: z.string().min(1).default(defaultTokenIssuer),
        EVENTS_URL: variables.url(`http://127.0.0.1:${defaultSubgraphPorts.events}`, ['http', 'https']),
        ADMIN_SECRET: variables.optionalSecret,
        ...variables.tracing,
      },
      env,
    );
  // The per-subgraph variable's name is computed, so it is checked on its own; both results'
  // problems are reported together.
  const parseOwn = () => parseConfig({ [ownDatabaseUrl]: postgresUrl }, env)[ownDatabaseUrl];
  const problems: string[] = [];
  const collect = <T>(step: () => T): T | undefined => {
    try {
      return step();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const config = collect(parse);
  const own = collect(parseOwn);
  if (!config || problems.length) throw new ConfigError(problems);
  return Object.freeze({
    name,
    port: config.PORT,
    host: config.HOST,
    dataDir: config.DATA_DIR,
    /** `<NAME>_DATABASE_URL` wins over the shared `DATABASE_URL`; neither means embedded PGlite. */
    databaseUrl: own ?? config.DATABASE_URL,
    redisUrl: config.REDIS_URL,
    logLevel: config.LOG_LEVEL,
    /** Identity's base URL: its `/.well-known/jwks.json` holds the keys tokens are checked with. */
    identityUrl: config.IDENTITY_URL.replace(/\/+$/, ''),
    tokenIssuer: config.TOKEN_ISSUER,
    /** The events subgraph's base URL: system events are forwarded to its log. */
    eventsUrl: config.EVENTS_URL.replace(/\/+$/, ''),
    /** The operator's secret; subgraphs prove themselves with it on internal routes (event log). */
    adminSecret: config.ADMIN_SECRET,
    /** Spans are recorded only with an OTLP endpoint: a subgraph's spans have nowhere else to go. */
    tracing: variables.tracingOptions(config),
  });
}

export type SubgraphConfig = ReturnType<typeof parseSubgraphConfig>;
