import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCpuProfile, summarizeCpuProfile, type ProfileFrame } from '../summarize-cpu-profile.ts';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Where a frame's code lives: an npm package, a workspace folder, or Node itself. */
function codeOf({ name, location }: ProfileFrame): string {
  const packageName = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(location)?.[1];
  if (packageName) return packageName;
  if (location.startsWith('node:') || location === '') return name.startsWith('(') ? name : 'node';
  return location.split('/').slice(0, 2).join('/');
}

/** One profiled gateway: the packages and functions its CPU went to, per request. */
export async function describePeerProfile({ dir, pid, label, requests, top = 15 }: { dir: string; pid: number; label: string; requests: number; top?: number }): Promise<string[]> {
  const file = await findCpuProfile(dir, pid);
  if (!file) return [`${label}: no profile of pid ${pid} in ${dir}`];
  const { busyMs, frames } = await summarizeCpuProfile(join(dir, file), repositoryRoot);
  const perRequest = (ms: number) => `${((ms * 1000) / requests).toFixed(0).padStart(6)} µs/req ${((ms / busyMs) * 100).toFixed(1).padStart(5)}%`;
  const byCode = new Map<string, number>();
  for (const frame of frames) if (frame.name !== '(idle)') byCode.set(codeOf(frame), (byCode.get(codeOf(frame)) ?? 0) + frame.selfMs);
  return [
    `${label}: ${busyMs.toFixed(0)} ms busy over ${requests} requests (${((busyMs * 1000) / requests).toFixed(0)} µs each), ${join(dir, file)}`,
    '  self time by code:',
    ...[...byCode].sort((a, b) => b[1] - a[1]).slice(0, top).map(([code, ms]) => `  ${perRequest(ms)}  ${code}`),
    '  functions with the most self time:',
    ...frames.filter((frame) => frame.name !== '(idle)').slice(0, top).map((frame) => `  ${perRequest(frame.selfMs)}  ${frame.name}  ${frame.location}`),
  ];
}
