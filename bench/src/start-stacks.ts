import { join } from 'node:path';
import { startStack, type RunningStack } from '@fedbase/testing';

/** One stack to start: `key` names its profile directory, `label` the log lines, `env` is passed to startStack. */
export interface StackConfiguration {
  readonly key: string;
  readonly label: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface StartStacksOptions {
  configurations: readonly StackConfiguration[];
  /** Each stack is added as soon as it runs, so the caller's clean-up stops it whatever happens next. */
  running: RunningStack[];
  /** Set: every process writes a V8 CPU profile under `<cpuProfDir>/<key>` when it exits. */
  cpuProfDir?: string | undefined;
  /** True once the caller is stopping the stacks itself: launchers exiting then are no news. */
  stopping: () => boolean;
  log: (line: string) => void;
}

/** Starts one stack per configuration, one after the other (start-ups in parallel would fight for the 2 cores). */
export async function startStacks({ configurations, running, cpuProfDir, stopping, log }: StartStacksOptions): Promise<RunningStack[]> {
  const stacks: RunningStack[] = [];
  for (const { key, label, env } of configurations) {
    log(`starting stack ${label}...`);
    const profiling: Record<string, string> = cpuProfDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${join(cpuProfDir, key)}` } : {};
    const stack = await startStack({ env: { ...env, ...profiling } });
    running.push(stack);
    stacks.push(stack);
    // A stack that goes away mid-run shows up as failed requests; say which one went, and how.
    stack.launcher.once('exit', (code, signal) => {
      if (!stopping()) log(`bench: the launcher of stack ${label} exited (${signal ?? `code ${code}`}) at ${new Date().toISOString()}`);
    });
  }
  return stacks;
}
