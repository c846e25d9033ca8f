import { parse } from 'graphql';
import { openDatabase, type Database } from '@fedbase/db';
import { createEventBus, type EventBus } from '@fedbase/event-bus';
import { readSubgraphSdl, type SubgraphName } from '@fedbase/schema';
import { createLogger, startTracing, type Logger } from '@fedbase/telemetry';
import { ConfigError } from '@fedbase/config';
import { createCallerVerifier, createRemoteKeySet } from '@fedbase/context';
import type { JWTVerifyGetKey } from 'jose';
import { parseSubgraphConfig, type SubgraphConfig } from './subgraph-config.ts';
import { startOutboxRelays, type OutboxKicker, type OutboxRelays } from './start-outbox-relays.ts';
import { startSubgraphServer, type RunningSubgraph, type SubgraphResolvers, type SubgraphServerOptions } from './start-subgraph-server.ts';

/** What a subgraph's resolvers are built from. */
export interface SubgraphDependencies {
  readonly config: SubgraphConfig;
  readonly db: Database;
  /** In-process when embedded, Redis pub/sub when `REDIS_URL` is set. */
  readonly bus: EventBus;
  readonly logger: Logger;
  /** The environment, for a subgraph's own variables (parse them with @fedbase/config). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Call `kick()` after a transaction that wrote outbox rows, so they go out at once. */
  readonly outbox: OutboxKicker;
}

/** What a subgraph is made of, beyond what every subgraph shares. */
export interface SubgraphParts {
  resolvers: SubgraphResolvers;
  /** Plain HTTP routes beside GraphQL; see SubgraphServerOptions.routes. */
  routes?: SubgraphServerOptions['routes'];
  /** Where token keys come from. @default identity's JWKS at `IDENTITY_URL` */
  keys?: JWTVerifyGetKey;
  /** Releases what the parts hold (timers, connections), before the database closes. */
  close?: () => Promise<void>;
}

export interface RunSubgraphOptions {
  name: SubgraphName;
  createSubgraph: (dependencies: SubgraphDependencies) => SubgraphParts | Promise<SubgraphParts>;
  /** @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * The subgraph writes an `outbox` table in its schema: relay it to the bus and, with
   * `forwardToEventLog`, to the events subgraph's log. @default no outbox
   */
  outbox?: { forwardToEventLog: boolean };
}

/** The message a subgraph sends its parent (the launcher) over IPC once it serves requests. */
export interface ReadyMessage {
  type: 'ready';
  subgraph: SubgraphName;
  url: string;
}

/**
 * Boots one subgraph process: configuration, database (migrated), server; then tells the launcher
 * its URL when there is one, and shuts down cleanly on SIGTERM/SIGINT. Each subgraph's `main.ts` is
 * one call to this, so the five boot the same way whether alone or under `npm start`.
 */
export async function runSubgraph({ name, createSubgraph, env = process.env, outbox }: RunSubgraphOptions): Promise<RunningSubgraph> {
  let config: SubgraphConfig;
  try {
    config = parseSubgraphConfig(name, env);
  } catch (error) {
    if (error instanceof ConfigError) exitOnConfigError(name, error);
    throw error;
  }
  const logger = createLogger({ service: name, level: config.logLevel });
  const tracing = config.tracing.otlpEndpoint ? await startTracing({ service: name, ...config.tracing }) : undefined;
  const db = await openDatabase({ subgraph: name, databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const bus = createEventBus({
    redisUrl: config.redisUrl,
    prefix: 'fedbase:',
    connectionName: `fedbase-${name}`,
    onError: (error) => logger.warn({ err: error }, 'event bus: Redis unreachable, reconnecting (logged once per outage)'),
    onReconnect: () => logger.info('event bus: Redis reachable again'),
  });
  const relays: OutboxRelays = outbox
    ? startOutboxRelays({ config, db, bus, logger, forwardToEventLog: outbox.forwardToEventLog })
    : { kick: () => {}, close: async () => {} };
  let parts: SubgraphParts;
  try {
    parts = await createSubgraph({ config, db, bus, logger, env, outbox: relays });
  } catch (error) {
    if (error instanceof ConfigError) exitOnConfigError(name, error);
    throw error;
  }
  const server = await startSubgraphServer({
    name,
    typeDefs: parse(readSubgraphSdl(name)),
    resolvers: parts.resolvers,
    routes: parts.routes,
    callerVerifier: createCallerVerifier({
      keys: parts.keys ?? createRemoteKeySet(`${config.identityUrl}/.well-known/jwks.json`),
      issuer: config.tokenIssuer,
    }),
    port: config.port,
    host: config.host,
    // The bus counts: while it is down, subscribers here miss other instances' changes and outbox
    // rows wait unpublished, though queries and mutations still work.
    readinessChecks: { database: () => db.ping(), eventBus: () => bus.ping() },
    logger,
    afterMutation: outbox ? relays.kick : undefined,
  });
  const ready: ReadyMessage = { type: 'ready', subgraph: name, url: server.url };
  process.send?.(ready);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${name} subgraph stopping`);
    server
      .close()
      .then(() => parts.close?.())
      .then(() => relays.close())
      .then(() => bus.close())
      .then(() => db.close())
      .then(() => tracing?.shutdown())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      });
  };
  // `on`, not `once`: a repeated signal must not fall back to the default (die at once) mid-shutdown.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Started by the launcher: if it dies (even by SIGKILL), do not linger as an orphan.
  process.once('disconnect', () => stop('launcher gone'));
  return server;
}

function exitOnConfigError(name: string, error: ConfigError): never {
  process.stderr.write(`${name}: ${error.message}\n`);
  process.exit(78); // EX_CONFIG: the launcher does not restart a process that cannot start
}
