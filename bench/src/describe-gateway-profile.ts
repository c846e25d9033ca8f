import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCpuProfile, summarizeCpuProfile, type ProfileFrame } from './summarize-cpu-profile.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
// Where plan enforcement runs in the gateway: its own code, and the libraries only it calls per request.
const enforcement = /apps\/gateway\/src\/billing\/|packages\/plan-limits\/|packages\/rate-limit\/|node_modules\/(ioredis|prom-client)\//;

export interface GatewayProfileOptions {
  /** The `--cpu-prof-dir` the stack's processes wrote to. */
  dir: string;
  /** The gateway's pid: Node names each profile `CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile`. */
  pid: number;
  /** Requests the gateway served while profiled, to give times per request. */
  requests: number;
  /** How many frames of each list. @default 12 */
  top?: number;
}

/**
 * Where one gateway spent its CPU: the functions with the most self time, and the enforcement
 * code (the billing plugin, limits cache, rate limiter, meter, their Redis client and counters)
 * by total time, in µs per request and as a share of the busy time.
 */
export async function describeGatewayProfile({ dir, pid, requests, top = 12 }: GatewayProfileOptions): Promise<string[]> {
  const file = await findCpuProfile(dir, pid);
  if (!file) return [`  no profile of pid ${pid} in ${dir} (the gateway writes it when it exits cleanly)`];
  const { busyMs, frames } = await summarizeCpuProfile(join(dir, file), repositoryRoot);
  const line = (frame: ProfileFrame, ms: number) =>
    `  ${((ms * 1000) / requests).toFixed(1).padStart(7)} µs/req ${((ms / busyMs) * 100).toFixed(1).padStart(5)}%  ${frame.name}  ${frame.location}`;
  const enforcementFrames = frames.filter((frame) => enforcement.test(frame.location)).sort((a, b) => b.totalMs - a.totalMs);
  return [
    `  ${join(dir, file)}: ${busyMs.toFixed(0)} ms busy over ${requests} requests (${((busyMs * 1000) / requests).toFixed(0)} µs each)`,
    '  most self time:',
    ...frames.slice(0, top).map((frame) => line(frame, frame.selfMs)),
    '  enforcement code, by total time (callees included; nested frames overlap):',
    ...(enforcementFrames.length ? enforcementFrames.slice(0, top).map((frame) => line(frame, frame.totalMs)) : ['    none sampled']),
  ];
}
