import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StartStackOptions {
  /** Extra environment for the launcher and, through it, every process. */
  env?: Record<string, string>;
  /** @default a fresh temporary directory, removed by stop() */
  dataDir?: string;
  /** @default 120_000 */
  timeoutMs?: number;
}

export interface StackProject {
  readonly projectId: string;
  readonly publishableKey: string;
  readonly secretKey: string;
}

interface ReadyMessage {
  type?: string;
  url?: string;
  pids?: Record<string, number>;
  urls?: Record<string, string>;
  adminSecret?: string;
  firstProject?: StackProject | null;
}

export interface RunningStack {
  /** e.g. `http://127.0.0.1:40123`; GraphQL is at `${gatewayUrl}/graphql`. */
  readonly gatewayUrl: string;
  readonly dataDir: string;
  readonly launcher: ChildProcess;
  /** The process ids of the subgraphs and the gateway at start-up, by name. */
  readonly pids: Readonly<Record<string, number>>;
  /** Each subgraph's GraphQL URL (and the gateway's base URL), by name: for tests that bypass the gateway. */
  readonly urls: Readonly<Record<string, string>>;
  /** The operator's secret (x-admin-secret). */
  readonly adminSecret: string;
  /** The project `npm start` creates on a fresh data directory; null when it existed already. */
  readonly firstProject: StackProject | null;
  /** SIGTERM to the launcher, which stops every process it started; then removes a temporary data dir. */
  stop(): Promise<void>;
}

const launcherEntry = fileURLToPath(new URL('../../../apps/launcher/src/main.ts', import.meta.url));

const unlimited = { included: null };
/**
 * Stacks start their projects on a plan without limits unless a test passes its own
 * `BILLING_PLANS`: tests and benchmarks of other features must not trip over the free plan's
 * 20 requests per second, while rate limiting and metering still run on every request.
 */
const unlimitedPlans = JSON.stringify([
  {
    id: 'unlimited',
    name: 'Unlimited (tests)',
    priceCents: 0,
    requestsPerSecond: 1_000_000,
    allowances: { requests: unlimited, storageBytes: unlimited, egressBytes: unlimited, webhookDeliveries: unlimited },
  },
]);

/**
 * Starts the whole backend the way `npm start` does (the launcher, five subgraphs, the gateway),
 * on a free gateway port and its own data directory, so tests never collide with each other or
 * with a developer's running stack.
 */
export async function startStack(options: StartStackOptions = {}): Promise<RunningStack> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'fedbase-stack-')));
  const launcher = fork(launcherEntry, [], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', BILLING_PLANS: unlimitedPlans, ...options.env, DATA_DIR: dataDir },
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let output = '';
  launcher.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const stop = async () => {
    if (launcher.exitCode === null && launcher.signalCode === null) {
      const exited = new Promise((resolve) => launcher.once('exit', resolve));
      launcher.kill('SIGTERM');
      await exited;
    }
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    const ready = await new Promise<ReadyMessage & { url: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the stack did not start within ${options.timeoutMs ?? 120_000} ms:\n${output}`)), options.timeoutMs ?? 120_000);
      launcher.on('message', (message: ReadyMessage) => {
        if (message.type === 'ready' && message.url) {
          clearTimeout(timer);
          resolve({ ...message, url: message.url });
        }
      });
      launcher.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the launcher exited (${signal ?? code}) before the stack was ready:\n${output}`));
      });
    });
    return {
      gatewayUrl: ready.url,
      dataDir,
      launcher,
      pids: ready.pids ?? {},
      urls: ready.urls ?? {},
      adminSecret: ready.adminSecret ?? '',
      firstProject: ready.firstProject ?? null,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
