import { loadavg } from 'node:os';
import { readMachineCpu } from './process-usage.ts';

export interface QuietMachineOptions {
  /** The 1-minute load average to get below. */
  maxLoad: number;
  /** How long to wait at most before measuring anyway. */
  maxWaitMs: number;
  log: (line: string) => void;
}

const pollMs = 15_000;
const busyWindowMs = 5_000;
// Busy share of all cores over the window that still counts as quiet (a few daemons tick along).
const maxBusy = 0.25;

/** Busy share of all cores over the next `busyWindowMs`. */
async function measureBusy(): Promise<number> {
  const before = readMachineCpu();
  await new Promise((resolve) => setTimeout(resolve, busyWindowMs));
  const after = readMachineCpu();
  return (after.busySeconds - before.busySeconds) / (after.totalSeconds - before.totalSeconds);
}

/**
 * Waits until the 1-minute load average is below `maxLoad` and the cores are mostly idle right
 * now: throughput on a machine another job is using measures that job as much as ours, and the
 * load average alone dips between the steps of a CI run. Resolves with whether it got there; past
 * `maxWaitMs` it gives up so the run stays bounded, and the report shows the load it ran under.
 */
export async function waitForQuietMachine({ maxLoad, maxWaitMs, log }: QuietMachineOptions): Promise<boolean> {
  const started = Date.now();
  let said = false;
  for (;;) {
    const load = loadavg()[0] ?? 0;
    const busy = load < maxLoad ? await measureBusy() : Number.NaN;
    const state = `load average ${load.toFixed(2)}${Number.isNaN(busy) ? '' : `, cores ${(busy * 100).toFixed(0)}% busy`}`;
    if (busy < maxBusy) {
      if (said) log(`${state}: measuring`);
      return true;
    }
    if (Date.now() - started >= maxWaitMs) {
      log(`${state} after ${Math.round(maxWaitMs / 60_000)} min: measuring anyway`);
      return false;
    }
    if (!said) log(`${state}: waiting for a load average below ${maxLoad} and cores under ${maxBusy * 100}% busy (at most ${Math.round(maxWaitMs / 60_000)} min)`);
    said = true;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
