import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

export interface SupervisedProcessOptions {
  /** Shown in the launcher's messages. */
  name: string;
  /** The TypeScript entry point, run with tsx. */
  entry: string;
  /** The environment of each start; called again on every restart. */
  env: () => NodeJS.ProcessEnv;
  /** Node and V8 flags for the process (after tsx's loader). */
  nodeFlags?: readonly string[];
  /** First restart delay. @default 250 */
  initialBackoffMs?: number;
  /** @default 10_000 */
  maxBackoffMs?: number;
  /** A process that ran this long before it died restarts with the initial delay again. @default 30_000 */
  stableAfterMs?: number;
}

/** The exit code with which a process says its configuration is wrong: restarting cannot help. */
export const configErrorExitCode = 78;

const tsxLoader = import.meta.resolve('tsx');

/**
 * Runs one process and restarts it with exponential backoff when it dies, until `stop()`.
 * Emits `ready` (url) each time the process reports it serves, `exit` (code, signal) on every exit
 * and `fatal` (message) when it fails in a way a restart cannot fix.
 */
export class SupervisedProcess extends EventEmitter<{ ready: [url: string]; exit: [code: number | null, signal: NodeJS.Signals | null]; fatal: [message: string] }> {
  private child: ChildProcess | undefined;
  private stopped = false;
  private backoffMs: number;
  private restartTimer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  url: string | undefined;

  constructor(private readonly options: SupervisedProcessOptions) {
    super();
    this.backoffMs = options.initialBackoffMs ?? 250;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    this.startedAt = Date.now();
    const child = fork(this.options.entry, [], {
      env: this.options.env(),
      execArgv: ['--import', tsxLoader, ...(this.options.nodeFlags ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'ready' && typeof message.url === 'string') {
        this.url = message.url;
        this.emit('ready', message.url);
      }
    });
    child.on('exit', (code, signal) => {
      this.child = undefined;
      this.emit('exit', code, signal);
      if (this.stopped) return;
      if (code === configErrorExitCode) {
        this.emit('fatal', `${this.options.name} cannot start with this configuration (see above)`);
        return;
      }
      const initial = this.options.initialBackoffMs ?? 250;
      if (Date.now() - this.startedAt > (this.options.stableAfterMs ?? 30_000)) this.backoffMs = initial;
      const delay = Math.round(this.backoffMs * (0.5 + Math.random() / 2));
      process.stderr.write(`launcher: ${this.options.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms\n`);
      this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 10_000);
      this.restartTimer = setTimeout(() => this.start(), delay);
    });
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
