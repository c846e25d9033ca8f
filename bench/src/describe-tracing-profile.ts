import { findCpuProfile } from './summarize-cpu-profile.ts';
import { join } from 'node:path';
import { attributeCpuProfile, type CodeGroup } from './attribute-cpu-profile.ts';

// Where tracing runs, by what it does. The innermost match wins: a span started while walking a
// trace is the SDK's, the histogram it feeds is metrics'.
const groups: readonly CodeGroup[] = [
  {
    name: 'ftv1',
    pattern: /observability\/record-subgraph-trace|@apollo\/usage-reporting-protobuf\/|protobufjs\/|\/long\/|@apollo\/server\/dist\/\w+\/plugin\/(inlineTrace|traceTreeBuilder)/,
  },
  { name: 'spans', pattern: /@opentelemetry\/(api|core|sdk-trace|sdk-trace-base|sdk-trace-node|context-async-hooks|resources)\/|packages\/telemetry\/src\/tracing\// },
  { name: 'export', pattern: /@opentelemetry\/(otlp-transformer|otlp-exporter-base|exporter-trace-otlp-http)\// },
  { name: 'metrics', pattern: /prom-client\/|packages\/slo\/|observability\/create-gateway-observer/ },
];

export interface TracingProfileOptions {
  /** Where the stack's processes wrote their profiles (FEDBASE_CPU_PROFILE_DIR). */
  dir: string;
  /** The processes to read, by name (`gateway`, `data`, …): Node names each profile `CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile`. */
  pids: Readonly<Record<string, number>>;
  /** Requests the stack served while profiled, to give times per request. */
  requests: number;
}

/** One process's busy time per request, in µs, in all and by group (see attributeCpuProfile). */
export interface ProcessProfile {
  readonly busy: number;
  readonly byGroup: Readonly<Record<string, number>>;
}

/**
 * Where each process of one stack spent its CPU, per request: decoding or encoding ftv1 traces
 * (and the gateway's walk over them), recording spans, exporting them, feeding histograms, and the
 * rest. Undefined for a process whose profile did not appear.
 */
export async function readTracingProfile({ dir, pids, requests }: TracingProfileOptions): Promise<Record<string, ProcessProfile | undefined>> {
  const profiles: Record<string, ProcessProfile | undefined> = {};
  for (const [name, pid] of Object.entries(pids)) {
    const file = await waitForProfile(dir, pid);
    if (!file) continue;
    const { busyMs, byGroup } = await attributeCpuProfile(join(dir, file), groups);
    const perRequest = (ms: number) => (ms * 1000) / requests;
    profiles[name] = { busy: perRequest(busyMs), byGroup: Object.fromEntries(Object.entries(byGroup).map(([group, ms]) => [group, perRequest(ms)])) };
  }
  return profiles;
}

/** One line per process; with `off`, a second with what this stack spends beyond it, group by group: what tracing adds. */
export function describeTracingProfile(profiles: Readonly<Record<string, ProcessProfile | undefined>>, off?: Readonly<Record<string, ProcessProfile | undefined>>): string[] {
  const line = (label: string, busy: number, byGroup: Readonly<Record<string, number>>, sign: boolean) => {
    const µs = (value: number) => `${sign && value >= 0 ? '+' : ''}${value.toFixed(0)}`;
    return `  ${label.padEnd(16)} ${µs(busy).padStart(6)} µs/req busy: ${Object.entries(byGroup).map(([group, value]) => `${group} ${µs(value)}`).join(', ')}`;
  };
  return Object.entries(profiles).flatMap(([name, profile]) => {
    if (!profile) return [`  ${name}: no profile appeared within ${profileWaitMs / 1000} s`];
    const base = off?.[name];
    if (!base) return [line(name, profile.busy, profile.byGroup, false)];
    const added = Object.fromEntries(Object.entries(profile.byGroup).map(([group, value]) => [group, value - (base.byGroup[group] ?? 0)]));
    return [line(name, profile.busy, profile.byGroup, false), line(`  beyond off`, profile.busy - base.busy, added, true)];
  });
}

// A process writes its profile when it handles the signal, then serialises it: seconds on a busy machine.
const profileWaitMs = 30_000;

async function waitForProfile(dir: string, pid: number): Promise<string | undefined> {
  for (const started = Date.now(); Date.now() - started < profileWaitMs; await new Promise((resolve) => setTimeout(resolve, 250))) {
    const file = await findCpuProfile(dir, pid);
    if (file) return file;
  }
  return undefined;
}
