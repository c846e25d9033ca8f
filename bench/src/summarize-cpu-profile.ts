import { readdir, readFile } from 'node:fs/promises';

/** The profile a process wrote to `dir`, if any: Node names each `CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile`. */
export async function findCpuProfile(dir: string, pid: number): Promise<string | undefined> {
  const files = await readdir(dir).catch((): string[] => []);
  return files.find((name) => name.endsWith('.cpuprofile') && name.split('.')[3] === String(pid));
}

/** One function of a V8 CPU profile (`node --cpu-prof`), its time summed over every place it appears. */
export interface ProfileFrame {
  readonly name: string;
  /** `path:line`, relative to the repository when inside it. */
  readonly location: string;
  /** Samples in the function itself. */
  readonly selfMs: number;
  /** Samples in it or anything it called (each sample counted once, however deep the recursion). */
  readonly totalMs: number;
}

export interface ProfileSummary {
  /** All samples but `(idle)`: the time the process was on a core, or waiting for GC. */
  readonly busyMs: number;
  /** Sorted by self time, the longest first. */
  readonly frames: readonly ProfileFrame[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Reads a `.cpuprofile` and sums its samples by function, self and total. */
export async function summarizeCpuProfile(file: string, repositoryRoot: string): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  // A sample's time is the delta to the next one; the last sample has none and counts nothing.
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index + 1] ?? 0)));
  const keyOf = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode) => {
    const path = url.replace(/^file:\/\//, '').replace(repositoryRoot, '');
    return { name: functionName || '(anonymous)', location: path ? `${path}:${lineNumber + 1}` : '' };
  };
  const frames = new Map<string, { name: string; location: string; selfUs: number; totalUs: number }>();
  const frameOf = (node: ProfileNode) => {
    const { name, location } = keyOf(node);
    const key = `${name}@${location}`;
    let frame = frames.get(key);
    if (!frame) frames.set(key, (frame = { name, location, selfUs: 0, totalUs: 0 }));
    return { key, frame };
  };
  let busyUs = 0;
  // Depth-first from the root; a function already on the path is not counted again (recursion).
  const visit = (id: number, onPath: ReadonlySet<string>): number => {
    const node = byId.get(id);
    if (!node) return 0;
    const { key, frame } = frameOf(node);
    const own = selfUs.get(id) ?? 0;
    frame.selfUs += own;
    if (node.callFrame.functionName !== '(idle)') busyUs += own;
    const path = onPath.has(key) ? onPath : new Set([...onPath, key]);
    let total = own;
    for (const child of node.children ?? []) total += visit(child, path);
    if (!onPath.has(key)) frame.totalUs += total;
    return total;
  };
  const root = profile.nodes[0];
  if (root) visit(root.id, new Set());
  return {
    busyMs: busyUs / 1000,
    frames: [...frames.values()]
      .map(({ name, location, selfUs: self, totalUs: total }) => ({ name, location, selfMs: self / 1000, totalMs: total / 1000 }))
      .sort((a, b) => b.selfMs - a.selfMs),
  };
}
