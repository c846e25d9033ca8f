import { resolve } from 'node:path';
import { parseConfig, variables } from '@fedbase/config';

/**
 * What the launcher itself reads. Everything else in the environment (DATABASE_URL, REDIS_URL, ...)
 * passes through untouched to the processes it starts, which validate it themselves.
 */
export function parseLauncherConfig(env: Readonly<Record<string, string | undefined>> = process.env) {
  const config = parseConfig({ PORT: variables.port(4000), HOST: variables.host, DATA_DIR: variables.dataDir }, env);
  return Object.freeze({ port: config.PORT, host: config.HOST, dataDir: resolve(config.DATA_DIR) });
}

export type LauncherConfig = ReturnType<typeof parseLauncherConfig>;
