export interface BenchOptions {
  /** `--quick`: a short run to check the bench works, not to quote. */
  readonly quick: boolean;
  /** `--cpu-prof`: profile the processes and explain where time went (no results file). */
  readonly cpuProf: boolean;
  /** Waits until the machine's 1-minute load is under this (`--max-load`). */
  readonly maxLoad: number;
  /** ... for at most this long (`--wait-minutes`). */
  readonly maxWaitMinutes: number;
  /** The value of any other `--name=value` argument. */
  option(name: string): string | undefined;
}

/**
 * The command line the comparative benchmarks share. A CI run or another benchmark on the machine
 * would be measured with us, so each waits for a quiet machine first. Exits with `usage` on a bad value.
 */
export function readBenchOptions(usage: string, { maxWaitMinutes: defaultWait = 10, argv = process.argv }: { maxWaitMinutes?: number; argv?: readonly string[] } = {}): BenchOptions {
  const option = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const maxLoad = Number(option('max-load') ?? 2.5);
  const maxWaitMinutes = Number(option('wait-minutes') ?? defaultWait);
  if (!(maxLoad > 0) || !(maxWaitMinutes >= 0)) {
    process.stderr.write(`usage: ${usage}\n`);
    process.exit(2);
  }
  return { quick: argv.includes('--quick'), cpuProf: argv.includes('--cpu-prof'), maxLoad, maxWaitMinutes, option };
}
