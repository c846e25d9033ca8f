import { readFile } from 'node:fs/promises';

/** A process's resident set size when sampling started and the highest seen until it stopped, in MiB. */
export interface RssPeak {
  readonly beforeMiB: number;
  readonly peakMiB: number;
}

const readRssMiB = async (pid: number): Promise<number | undefined> => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kiB = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  return kiB === undefined ? undefined : Number(kiB) / 1024;
};

/**
 * Samples the RSS of named processes every `intervalMs` (from `/proc/<pid>/status`, Linux only):
 * a streamed transfer that buffered the file would show its size here, however briefly. Stop
 * it to get each process's figures; a process that went away has none.
 */
export async function startRssSampler(pids: Readonly<Record<string, number>>, intervalMs = 50): Promise<() => Promise<Record<string, RssPeak>>> {
  const names = Object.keys(pids);
  const before = new Map<string, number>();
  const peak = new Map<string, number>();
  const sample = async () => {
    await Promise.all(
      names.map(async (name) => {
        const rss = await readRssMiB(pids[name]!);
        if (rss === undefined) return;
        if (!before.has(name)) before.set(name, rss);
        peak.set(name, Math.max(peak.get(name) ?? 0, rss));
      }),
    );
  };
  await sample();
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(sample);
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await sampling;
    await sample();
    return Object.fromEntries(names.filter((name) => before.has(name)).map((name) => [name, { beforeMiB: before.get(name)!, peakMiB: peak.get(name)! }]));
  };
}
