import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** What one process holds and has spent, read from `/proc` (Linux only). */
export interface ProcessUsage {
  /** Resident set size (VmRSS), in MiB. */
  readonly rssMiB: number;
  /** User plus system CPU time since the process started, in seconds. */
  readonly cpuSeconds: number;
  /** Open file descriptors: each held WebSocket is one. */
  readonly fds: number;
}

// /proc/<pid>/stat counts CPU in clock ticks; 100 a second on nearly every Linux, but ask.
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The process's usage now, or undefined when it is gone (it exited, or a supervisor restarted it under another pid). */
export function readProcessUsage(pid: number): ProcessUsage | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its `)`.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, so 12 and 13 after the name.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rssMiB: rssKiB / 1024, cpuSeconds: ticks / ticksPerSecond, fds: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return undefined;
  }
}

/** The usage of several named processes at one moment. */
export type UsageSample = Readonly<Record<string, ProcessUsage | undefined>>;

export function sampleUsage(pids: Readonly<Record<string, number>>): UsageSample {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, readProcessUsage(pid)]));
}

/** Busy and total CPU time of the whole machine (all cores) since boot, in seconds, from `/proc/stat`. */
export function readMachineCpu(): { busySeconds: number; totalSeconds: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal ...: idle and iowait are not busy.
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busySeconds: (total - idle) / ticksPerSecond, totalSeconds: total / ticksPerSecond };
}
