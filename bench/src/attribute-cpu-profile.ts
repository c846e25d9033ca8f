import { readFile } from 'node:fs/promises';

/** Code to total apart in a profile: frames whose script URL matches `pattern`. */
export interface CodeGroup {
  readonly name: string;
  readonly pattern: RegExp;
}

export interface AttributedProfile {
  /** All samples but `(idle)`. */
  readonly busyMs: number;
  /** Busy time by group name; `other` holds what no group claimed (the app, GraphQL, Node, GC). */
  readonly byGroup: Readonly<Record<string, number>>;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Splits a V8 CPU profile's busy time between groups of code: each sample goes to the innermost
 * frame on its stack that some group matches, so what a library calls (JSON.stringify under the
 * exporter, node:http under its send) is charged to it, and nested groups are not counted twice.
 */
export async function attributeCpuProfile(file: string, groups: readonly CodeGroup[]): Promise<AttributedProfile> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  // A sample's time is the delta to the next one; the last sample has none and counts nothing.
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index + 1] ?? 0)));
  const byGroup: Record<string, number> = Object.fromEntries([...groups.map(({ name }) => [name, 0] as const), ['other', 0] as const]);
  let busyUs = 0;
  const visit = (id: number, inherited: string) => {
    const node = byId.get(id);
    if (!node) return;
    const group = groups.find(({ pattern }) => pattern.test(node.callFrame.url))?.name ?? inherited;
    const own = selfUs.get(id) ?? 0;
    if (node.callFrame.functionName !== '(idle)') {
      busyUs += own;
      byGroup[group] = (byGroup[group] ?? 0) + own;
    }
    for (const child of node.children ?? []) visit(child, group);
  };
  const root = profile.nodes[0];
  if (root) visit(root.id, 'other');
  return { busyMs: busyUs / 1000, byGroup: Object.fromEntries(Object.entries(byGroup).map(([name, us]) => [name, us / 1000])) };
}
