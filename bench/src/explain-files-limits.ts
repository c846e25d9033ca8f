import type { PhaseCpu } from './cpu-meter.ts';
import type { BackendRun } from './measure-files-backend.ts';
import type { TransferPhase } from './measure-file-transfers.ts';

const percent = (share: number) => `${(share * 100).toFixed(0)}%`;
const ms = (value: number) => value.toFixed(1);
const finite = (seconds: number | undefined) => (seconds !== undefined && Number.isFinite(seconds) ? seconds : 0);

/** Each process's share of one core over the phase, busiest first. */
export function coreShares(cpu: PhaseCpu): Array<[string, number]> {
  return Object.entries(cpu.byProcess)
    .filter(([, seconds]) => Number.isFinite(seconds))
    .map(([name, seconds]): [string, number] => [name, seconds / cpu.seconds])
    .sort((a, b) => b[1] - a[1]);
}

/** What the figures of one phase say about its bound: the cores, one event loop, or neither. */
function boundOf(phase: TransferPhase, cores: number): string {
  const shares = coreShares(phase.cpu);
  const [busiest, share] = shares[0] ?? ['?', 0];
  const top = shares.slice(0, 3).map(([name, s]) => `${name} ${percent(s)}`).join(', ');
  const machine = `the machine ${percent(phase.cpu.machineBusy)} busy of ${cores} cores`;
  if (phase.cpu.machineBusy >= 0.85) return `CPU-bound (${machine}; ${top} of one core)`;
  if (share >= 0.85) return `bound by one event loop: ${busiest} at ${percent(share)} of a core (${machine})`;
  return `not CPU-bound (${top} of one core, ${machine})`;
}

/**
 * CPU per MB of the stack's processes and of the benchmark process, and the rate the stack's
 * share alone would allow on all cores: what a client on another machine could get at most.
 */
function cpuPerMb(phase: TransferPhase, cores: number): string {
  const mb = phase.figures.bytes / 1e6;
  const bench = finite(phase.cpu.byProcess['bench']);
  const stack = Object.entries(phase.cpu.byProcess).reduce((sum, [name, seconds]) => sum + (name === 'bench' ? 0 : finite(seconds)), 0);
  const stackMs = (stack * 1000) / mb;
  return `stack ${stackMs.toFixed(2)} ms CPU/MB, bench ${((bench * 1000) / mb).toFixed(2)}: the stack alone would allow ${((cores * 1000) / stackMs).toFixed(0)} MB/s on ${cores} cores`;
}

/** CPU milliseconds per transfer of the processes that spend most, for small files. */
function cpuPerTransfer(phase: TransferPhase): string {
  const { count } = phase.figures;
  return coreShares(phase.cpu)
    .slice(0, 4)
    .map(([name]) => `${name} ${ms((finite(phase.cpu.byProcess[name]) * 1000) / count)}`)
    .join(', ');
}

/**
 * The computed part of the report's last section: per backend and series, how far uploads and
 * downloads fell short of the plain copy and read, and where the CPU went.
 */
export function explainFilesLimits(runs: readonly BackendRun[], cores: number): string[] {
  const lines: string[] = [];
  for (const run of runs) {
    for (const { plan, baseline, transfers } of run.series) {
      const { upload, download } = transfers;
      const label = `**${run.name}, ${plan.count} × ${plan.size / 2 ** 20} MiB${plan.concurrency > 1 ? ` at ${plan.concurrency}` : ''}**`;
      const up = percent(upload.figures.mbPerSecond / baseline.copy.mbPerSecond);
      const down = percent(download.figures.mbPerSecond / baseline.read.mbPerSecond);
      if (plan.size <= 2 ** 20) {
        // Small files: the fixed cost per transfer is the story, not the bandwidth.
        lines.push(
          `- ${label}: an upload takes p50 ${ms(upload.figures.p50Ms)} ms against ${ms(baseline.copy.p50Ms)} ms for the plain copy ` +
            `(${up} of its MB/s), plus ${ms(transfers.ticketP50Ms)} ms for createUploadUrl before it; CPU ms per upload: ${cpuPerTransfer(upload)}; ` +
            `${boundOf(upload, cores)}. A download takes p50 ${ms(download.figures.p50Ms)} ms against ${ms(baseline.read.p50Ms)} ms for the plain read ` +
            `(${down}), plus ${ms(transfers.downloadUrlP50Ms)} ms for downloadUrl; CPU ms per download: ${cpuPerTransfer(download)}; ${boundOf(download, cores)}.`,
        );
      } else {
        lines.push(
          `- ${label}: upload at ${up} of the plain copy's MB/s (p50 ${ms(upload.figures.p50Ms)} ms against ${ms(baseline.copy.p50Ms)} ms, ` +
            `of which the fsyncs of file and directory ${ms(baseline.copyFsyncP50Ms)} ms), ${boundOf(upload, cores)}; ${cpuPerMb(upload, cores)}. ` +
            `Download at ${down} of the plain read's, ${boundOf(download, cores)}; ${cpuPerMb(download, cores)}.`,
        );
      }
    }
  }
  return lines;
}
