import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { prepareEmbeddedDatabases } from '@fedbase/db';
import { subgraphNames, type SubgraphName } from '@fedbase/schema';
import type { LauncherConfig } from './launcher-config.ts';
import { freePort } from './free-port.ts';
import { SupervisedProcess } from './supervised-process.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A young generation of 128 MiB semi-spaces instead of V8's 16: a federated query allocates a
 * subgraph answer, entity representations and the shaped result per fetch, and with dozens of
 * requests in flight the default one fills several times per request and promotes what is still
 * alive to the old generation. On the benchmark's nested query 64 MiB cut the gateway's CPU per
 * request from 5.8 to 3.7 ms and 128 MiB another ~9% (bench/results/2026-11-24-gateway-speed.md),
 * for ~100 MiB more RSS under load. The same flag is in the gateway's `npm start` and docker/compose.yml.
 */
export const gatewayNodeFlags = ['--max-semi-space-size=128'] as const;

export interface RunningStack {
  readonly gatewayUrl: string;
  /** Identity's base URL (internal routes such as the first-project bootstrap). */
  readonly identityUrl: string;
  readonly processes: ReadonlyMap<SubgraphName | 'gateway', SupervisedProcess>;
  stop(): Promise<void>;
}

/**
 * Starts every subgraph on a free loopback port, then the gateway pointed at them, all supervised.
 * The ports are chosen first, so each subgraph is told identity's URL (token keys) and the events
 * subgraph's (where system events go) however they start.
 * A restarted subgraph gets the port it had, so the gateway's URLs stay right and it recovers by
 * itself.
 */
export interface LaunchStackOptions {
  /** Called once everything is stopped after a process failed in a way a restart cannot fix. */
  onFatal: (message: string) => void;
  /** Aborting stops every process started so far, also during start-up. */
  signal?: AbortSignal;
  /** The environment every process inherits (DATABASE_URL, REDIS_URL, ... pass through). */
  env: Readonly<NodeJS.ProcessEnv>;
  /** The operator's secret: identity checks it and seals signing keys with it. */
  adminSecret: string;
}

export async function launchStack(config: LauncherConfig, { onFatal, signal, env, adminSecret }: LaunchStackOptions): Promise<RunningStack> {
  const processes = new Map<SubgraphName | 'gateway', SupervisedProcess>();
  // Once, however many ask (the abort signal and stop() both do at shutdown): a second SIGTERM
  // would cut short the gateway's own graceful stop, in which it sends its last usage counts.
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      await processes.get('gateway')?.stop();
      await Promise.all(subgraphNames.map((name) => processes.get(name)?.stop()));
    })());
  // A process that cannot start takes the whole stack down: half a backend is worse than a clear error.
  const fatal = (message: string) => void stopAll().then(() => onFatal(message));
  signal?.addEventListener('abort', () => void stopAll(), { once: true });
  const subgraphUrls = new Map<SubgraphName, string>();
  const baseEnv: NodeJS.ProcessEnv = { ...env, DATA_DIR: config.dataDir };
  await prepareEmbeddedDatabases(config.dataDir, config.embeddedSubgraphs);

  const ports = new Map<SubgraphName, number>();
  for (const name of subgraphNames) ports.set(name, await freePort());
  const baseUrl = (name: SubgraphName) => `http://127.0.0.1:${ports.get(name)}`;
  // The gateway's port too, when it is to be a free one: file URLs the files subgraph signs point at it.
  const gatewayPort = config.port === 0 ? await freePort() : config.port;
  const publicUrl = env['PUBLIC_URL'] || `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${gatewayPort}`;
  const subgraphEnv: NodeJS.ProcessEnv = {
    IDENTITY_URL: baseUrl('identity'),
    EVENTS_URL: baseUrl('events'),
    FILES_URL: baseUrl('files'),
    BILLING_URL: baseUrl('billing'),
    ADMIN_SECRET: adminSecret,
    PUBLIC_URL: publicUrl,
  };

  const startSubgraph = async (name: SubgraphName) => {
    const supervised: SupervisedProcess = new SupervisedProcess({
      name,
      entry: `${repoRoot}subgraphs/${name}/src/main.ts`,
      env: () => ({ ...baseEnv, ...subgraphEnv, HOST: '127.0.0.1', PORT: String(ports.get(name)) }),
    });
    processes.set(name, supervised);
    supervised.on('fatal', fatal);
    supervised.start();
    const [url] = (await once(supervised, 'ready')) as [string];
    subgraphUrls.set(name, url);
    return url;
  };
  await Promise.all(subgraphNames.map((name) => startSubgraph(name)));
  const identityUrl = baseUrl('identity');

  const gatewayEnv = Object.fromEntries(subgraphNames.map((name) => [`SUBGRAPH_${name.toUpperCase()}_URL`, subgraphUrls.get(name)]));
  const gateway: SupervisedProcess = new SupervisedProcess({
    name: 'gateway',
    entry: `${repoRoot}apps/gateway/src/main.ts`,
    nodeFlags: gatewayNodeFlags,
    env: () => ({ ...baseEnv, ...gatewayEnv, IDENTITY_URL: identityUrl, ADMIN_SECRET: adminSecret, HOST: config.host, PORT: String(gatewayPort) }),
  });
  processes.set('gateway', gateway);
  gateway.on('fatal', fatal);
  gateway.start();
  const [gatewayUrl] = (await once(gateway, 'ready')) as [string];

  return {
    gatewayUrl,
    identityUrl,
    processes,
    stop: stopAll,
  };
}
