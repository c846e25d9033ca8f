import { readMachineCpu, sampleUsage } from './process-usage.ts';

/** CPU spent during a phase, by process, and how busy the whole machine was. */
export interface PhaseCpu {
  readonly seconds: number;
  readonly byProcess: Readonly<Record<string, number>>;
  /** Busy share of all cores over the phase, 0–1. */
  readonly machineBusy: number;
}

/** Samples CPU around a phase. */
export function startCpuMeter(pids: Readonly<Record<string, number>>) {
  const started = performance.now();
  const before = sampleUsage(pids);
  const machineBefore = readMachineCpu();
  return (): PhaseCpu => {
    const after = sampleUsage(pids);
    const machineAfter = readMachineCpu();
    const byProcess = Object.fromEntries(Object.keys(pids).map((name) => [name, (after[name]?.cpuSeconds ?? Number.NaN) - (before[name]?.cpuSeconds ?? Number.NaN)]));
    const machineBusy = (machineAfter.busySeconds - machineBefore.busySeconds) / (machineAfter.totalSeconds - machineBefore.totalSeconds);
    return { seconds: (performance.now() - started) / 1000, byProcess, machineBusy };
  };
}

/** The subscriber processes (named `client-1`, `client-2`, …) of a phase's figures. */
export const subscriberProcesses = (cpu: PhaseCpu) => Object.keys(cpu.byProcess).filter((name) => name.startsWith('client-'));

/** The subscriber processes' CPU seconds together. */
export const subscriberCpuSeconds = (cpu: PhaseCpu) => subscriberProcesses(cpu).reduce((sum, name) => sum + (cpu.byProcess[name] ?? 0), 0);
