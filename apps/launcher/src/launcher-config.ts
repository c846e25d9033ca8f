import { resolve } from 'node:path';
import { parseConfig, variables } from '@fedbase/config';
import { subgraphNames } from '@fedbase/schema';

/**
 * What the launcher itself reads. Everything else in the environment (DATABASE_URL, REDIS_URL, ...)
 * passes through untouched to the processes it starts, which validate it themselves.
 */
export function parseLauncherConfig(env: Readonly<Record<string, string | undefined>> = process.env) {
  const config = parseConfig({ PORT: variables.port(4000), HOST: variables.host, DATA_DIR: variables.dataDir, ADMIN_SECRET: variables.optionalSecret }, env);
  // Which subgraphs will run on embedded PGlite (no DATABASE_URL of any kind): the launcher
  // prepares their data directories. The subgraphs themselves validate the URLs.
  const embedded = subgraphNames.filter((name) => !env['DATABASE_URL'] && !env[`${name.toUpperCase()}_DATABASE_URL`]);
  return Object.freeze({ port: config.PORT, host: config.HOST, dataDir: resolve(config.DATA_DIR), adminSecret: config.ADMIN_SECRET, embeddedSubgraphs: embedded });
}

export type LauncherConfig = ReturnType<typeof parseLauncherConfig>;
