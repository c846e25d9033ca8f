export interface RunBenchOptions {
  /** The whole run is abandoned (exit 1) after this long: start-up, warm-ups, rounds, reports. */
  watchdogMs: number;
  /** Stops what the run started; called once, however the run ends (done, failed, watchdog, Ctrl-C). */
  cleanUp: () => Promise<unknown>;
  /** Printed as `bench: <failure>` when `run` resolves false; null when the run has printed what went wrong itself. */
  failure?: string | null;
  /** Print an error with its stack, not only its message: for runs whose errors come from deep in their helpers. */
  errorStack?: boolean;
}

/**
 * The frame every benchmark shares: a watchdog, a clean stop on SIGINT/SIGTERM, a failure printed
 * as one line (or an error with its stack), and the exit code. `run` resolves true when it found
 * nothing wrong (every response right, say); the process exits 1 otherwise (something wrong or an
 * error), 0 when all was well.
 */
export async function runBench(
  run: () => Promise<boolean>,
  { watchdogMs, cleanUp, failure = 'some responses were wrong; see the tables', errorStack = false }: RunBenchOptions,
): Promise<never> {
  let cleaning: Promise<unknown> | undefined;
  const stop = () => (cleaning ??= cleanUp().catch((error: unknown) => process.stderr.write(`bench: stopping failed: ${String(error)}\n`)));
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench: gave up after ${Math.round(watchdogMs / 1000)} s\n`);
    void stop().finally(() => process.exit(1));
  }, watchdogMs);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().finally(() => process.exit(130)));
  let ok = false;
  try {
    ok = await run();
    if (!ok && failure !== null) process.stderr.write(`bench: ${failure}\n`);
  } catch (error) {
    const text = error instanceof Error ? (errorStack ? (error.stack ?? error.message) : error.message) : String(error);
    process.stderr.write(`bench: ${text}\n`);
  } finally {
    clearTimeout(watchdog);
    await stop();
  }
  process.exit(ok ? 0 : 1);
}
