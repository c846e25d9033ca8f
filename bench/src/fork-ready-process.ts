import { fork, type ChildProcess } from 'node:child_process';

export interface ReadyProcess<Ready> {
  readonly child: ChildProcess;
  /** What the process sent when it was ready. */
  readonly ready: Ready;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  stop(): Promise<void>;
}

export interface ForkOptions {
  /** Shown in errors. */
  name: string;
  /** @default 60_000 */
  timeoutMs?: number;
  /** Node flags after tsx's loader. */
  execArgv?: readonly string[];
  /** @default this process's, with Apollo's telemetry off and NODE_ENV=production */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs a TypeScript entry in its own Node process (its own core share, its own RSS to measure),
 * sends it `start` over IPC unless undefined, and waits for its `{ type: 'ready' }` message.
 */
export async function forkReadyProcess<Ready extends { type: 'ready' }>(entry: URL | string, start: unknown, { name, timeoutMs = 60_000, execArgv = [], env = { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true', NODE_ENV: 'production' } }: ForkOptions): Promise<ReadyProcess<Ready>> {
  const child = fork(entry, [], {
    env,
    execArgv: ['--import', import.meta.resolve('tsx'), ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} was not ready within ${timeoutMs} ms`)), timeoutMs);
      child.on('message', (message: Ready) => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        resolve(message);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${signal ?? code}) before it was ready`));
      });
      if (start !== undefined) child.send(start as never);
    });
    return { child, ready, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The child's side: the first message from the parent, then `ready` once serving, and a clean stop on SIGTERM. */
export function serveForParent<Start, Ready extends { type: 'ready' }>(serve: (start: Start) => Promise<{ ready: Ready; close: () => Promise<void> }>): void {
  process.once('message', (start: Start) => {
    serve(start).then(
      ({ ready, close }) => {
        process.send?.(ready);
        const stop = () => void close().finally(() => process.exit(0));
        process.once('SIGTERM', stop);
        process.once('disconnect', stop);
      },
      (error: unknown) => {
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
