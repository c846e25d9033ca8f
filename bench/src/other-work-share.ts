import type { PhaseCpu } from './cpu-meter.ts';

const finite = (seconds: number) => (Number.isFinite(seconds) ? seconds : 0);

/**
 * What the machine spent during a phase besides the measured processes, as a share of one core:
 * another job on the machine shows here, and the phase's figures are worth less for it.
 */
export function otherWorkShare(cpu: PhaseCpu, cores: number): number {
  const ours = Object.values(cpu.byProcess).reduce((sum, seconds) => sum + finite(seconds), 0);
  return Math.max(0, cpu.machineBusy * cores * cpu.seconds - ours) / cpu.seconds;
}
