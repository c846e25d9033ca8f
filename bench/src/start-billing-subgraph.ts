import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forkReadyProcess } from './fork-ready-process.ts';

export interface RunningSubgraph {
  /** e.g. `http://127.0.0.1:40123/graphql` */
  readonly graphqlUrl: string;
  stop(): Promise<void>;
}

const billingEntry = new URL('../../subgraphs/billing/src/main.ts', import.meta.url);

/**
 * Starts a second billing subgraph on its own, so the same query can be measured without the
 * gateway in front. PORT=0 lets the kernel pick a free port; the subgraph reports the URL it
 * bound over IPC (the same `ready` message, carrying its `/graphql` URL, that the launcher waits for), so there is no port race.
 */
export async function startBillingSubgraph(timeoutMs = 120_000): Promise<RunningSubgraph> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fedbase-bench-billing-'));
  try {
    const billing = await forkReadyProcess<{ type: 'ready'; url: string }>(billingEntry, undefined, {
      name: 'the billing subgraph',
      timeoutMs,
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: dataDir },
    });
    return {
      graphqlUrl: billing.ready.url,
      stop: async () => {
        await billing.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
