import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunningSubgraph {
  /** e.g. `http://127.0.0.1:40123/graphql` */
  readonly graphqlUrl: string;
  stop(): Promise<void>;
}

const billingEntry = fileURLToPath(new URL('../../subgraphs/billing/src/main.ts', import.meta.url));

/**
 * Starts a second billing subgraph on its own, so the same query can be measured without the
 * gateway in front. PORT=0 lets the kernel pick a free port; the subgraph reports the URL it
 * bound over IPC (the same `ready` message, carrying its `/graphql` URL, that the launcher waits for), so there is no port race.
 */
export async function startBillingSubgraph(timeoutMs = 120_000): Promise<RunningSubgraph> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fedbase-bench-billing-'));
  const child: ChildProcess = fork(billingEntry, [], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: dataDir },
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the billing subgraph did not start within ${timeoutMs} ms`)), timeoutMs);
      child.on('message', (message: { type?: string; url?: string }) => {
        if (message.type === 'ready' && message.url) {
          clearTimeout(timer);
          resolve(message.url);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the billing subgraph exited (${signal ?? code}) before it was ready`));
      });
    });
    return { graphqlUrl: url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
