export interface RunBenchOptions {
  /** The whole run is abandoned (exit 1) after this long: start-up, warm-ups, rounds, reports. */
  watchdogMs: number;
  /** Stops what the run started; called once, however the run ends (done, failed, watchdog, Ctrl-C). */
  cleanUp: () => Promise<unknown>;
}

/**
 * The frame every benchmark shares: a watchdog, a clean stop on SIGINT/SIGTERM, a failure printed
 * as one line, and the exit code. `run` resolves true when every response was right; the process
 * exits 1 otherwise (a wrong answer or an error), 0 when all was well.
 */
export async function runBench(run: () => Promise<boolean>, { watchdogMs, cleanUp }: RunBenchOptions): Promise<never> {
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
    if (!ok) process.stderr.write('bench: some responses were wrong; see the tables\n');
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    clearTimeout(watchdog);
    await stop();
  }
  process.exit(ok ? 0 : 1);
}
