import type { PhaseCpu } from './cpu-meter.ts';
import type { BackendRun, SeriesPlan } from './measure-files-backend.ts';
import type { TransferPhase } from './measure-file-transfers.ts';
import { otherWorkShare } from './other-work-share.ts';
import type { TransferFigures } from './transfer-figures.ts';

const MiB = 2 ** 20;
const rate = (f: TransferFigures) => f.mbPerSecond.toFixed(f.mbPerSecond < 100 ? 1 : 0);
const ms = (value: number) => value.toFixed(value < 100 ? 1 : 0);
const ratio = (value: number, of: number) => `${((value / of) * 100).toFixed(0)}%`;
const seriesLabel = ({ size, count, concurrency }: SeriesPlan) => `${count} × ${size / MiB} MiB${concurrency > 1 ? `, ${concurrency} at once` : ''}`;
// Named columns; identity, data and billing (idle here) go together as the rest.
const namedColumns = ['gateway', 'files', 'events', 'bench'];

const uploadTable = (run: BackendRun) => [
  '| transfers | plain copy MB/s | copy p50 / p95 ms | of which fsyncs p50 ms | copyFile + fsync MB/s | upload MB/s | upload ÷ copy | upload p50 / p95 / max ms | createUploadUrl p50 ms |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...run.series.map(({ plan, baseline: b, transfers: t }) => {
    const u = t.upload.figures;
    return `| ${seriesLabel(plan)} | ${rate(b.copy)} | ${ms(b.copy.p50Ms)} / ${ms(b.copy.p95Ms)} | ${ms(b.copyFsyncP50Ms)} | ${rate(b.copyFile)} | ${rate(u)} | ${ratio(u.mbPerSecond, b.copy.mbPerSecond)} | ${ms(u.p50Ms)} / ${ms(u.p95Ms)} / ${ms(u.maxMs)} | ${ms(t.ticketP50Ms)} |`;
  }),
];

const downloadTable = (run: BackendRun) => [
  '| transfers | plain read MB/s | read p50 / p95 ms | read + SHA-256 MB/s | download MB/s | download ÷ read | download p50 / p95 / max ms | downloadUrl p50 ms |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...run.series.map(({ plan, baseline: b, transfers: t }) => {
    const d = t.download.figures;
    return `| ${seriesLabel(plan)} | ${rate(b.read)} | ${ms(b.read.p50Ms)} / ${ms(b.read.p95Ms)} | ${rate(b.readHashed)} | ${rate(d)} | ${ratio(d.mbPerSecond, b.read.mbPerSecond)} | ${ms(d.p50Ms)} / ${ms(d.p95Ms)} / ${ms(d.maxMs)} | ${ms(t.downloadUrlP50Ms)} |`;
  }),
];

/** Every upload and download phase of a run, labelled, in the order they ran. */
export const seriesPhases = (run: BackendRun) =>
  run.series.flatMap(({ plan, transfers }) => [
    { label: `${seriesLabel(plan)}, upload`, phase: transfers.upload },
    { label: `${seriesLabel(plan)}, download`, phase: transfers.download },
  ]);

/** CPU as a share of one core over the phase, and per MB moved (which does not depend on the speed). */
const cpuCell = (cpu: PhaseCpu, bytes: number, seconds: number) => `${((seconds / cpu.seconds) * 100).toFixed(0)}% (${((seconds * 1000) / (bytes / 1e6)).toFixed(2)})`;

const finite = (seconds: number) => (Number.isFinite(seconds) ? seconds : 0);

/** Per series the plain copies and reads (four passes over the bytes, in the benchmark process), then the transfers. */
export const cpuPhases = (run: BackendRun) =>
  run.series.flatMap(({ plan, baselineCpu, transfers }) => [
    { label: `${seriesLabel(plan)}, plain copies and reads`, cpu: baselineCpu, bytes: 4 * plan.count * plan.size },
    { label: `${seriesLabel(plan)}, upload`, cpu: transfers.upload.cpu, bytes: transfers.upload.figures.bytes },
    { label: `${seriesLabel(plan)}, download`, cpu: transfers.download.cpu, bytes: transfers.download.figures.bytes },
  ]);

const cpuTable = (run: BackendRun, cores: number) => [
  '| phase | seconds | gateway | files | events | bench | rest of the stack | other work on the machine | machine busy |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...cpuPhases(run).map(({ label, cpu, bytes }) => {
    const by = cpu.byProcess;
    const rest = Object.entries(by).filter(([name]) => !namedColumns.includes(name)).reduce((sum, [, s]) => sum + finite(s), 0);
    const named = namedColumns.map((name) => cpuCell(cpu, bytes, by[name] ?? Number.NaN)).join(' | ');
    return `| ${label} | ${cpu.seconds.toFixed(2)} | ${named} | ${cpuCell(cpu, bytes, rest)} | ${(otherWorkShare(cpu, cores) * 100).toFixed(0)}% | ${(cpu.machineBusy * 100).toFixed(0)}% |`;
  }),
];

const rssCell = (phase: TransferPhase, name: string) => {
  const peak = phase.rss[name];
  return peak ? `${peak.beforeMiB.toFixed(0)} → ${peak.peakMiB.toFixed(0)} (+${(peak.peakMiB - peak.beforeMiB).toFixed(0)})` : '?';
};

const memoryTable = (run: BackendRun) => [
  '| phase | gateway RSS MiB | files RSS MiB | bench RSS MiB | written to the device MB |',
  '|---|---:|---:|---:|---:|',
  ...seriesPhases(run).map(({ label, phase }) => `| ${label} | ${rssCell(phase, 'gateway')} | ${rssCell(phase, 'files')} | ${rssCell(phase, 'bench')} | ${Number.isFinite(phase.deviceWrittenBytes) ? (phase.deviceWrittenBytes / 1e6).toFixed(0) : '?'} |`),
];

/** The tables of one backend's section: uploads, downloads, CPU, memory and device. */
export function backendTables(run: BackendRun, cores: number): string[] {
  return [
    '### Uploads',
    '',
    ...uploadTable(run),
    '',
    '### Downloads',
    '',
    ...downloadTable(run),
    '',
    '### CPU',
    '',
    'Share of one core over the phase, and in parentheses CPU milliseconds per MB moved. `bench` is the client' +
      (run.name === 's3' ? ' and s3rver.' : '.') +
      ` Machine busy is of all ${cores} cores; other work is what the machine spent besides these processes, as a share of one core.`,
    '',
    ...cpuTable(run, cores),
    '',
    '### Memory and device',
    '',
    'RSS when the phase began → its highest sample (growth). A streamed transfer holds a few buffers, never the file.',
    '',
    ...memoryTable(run),
    ...repeated(run),
  ];
}

/** Says which series were measured again, since their first attempts shared the machine. */
function repeated(run: BackendRun): string[] {
  const again = run.series.filter(({ attempts }) => attempts > 1).map(({ plan, attempts }) => `${seriesLabel(plan)} (${attempts} attempts)`);
  return again.length === 0 ? [] : ['', `Measured again because other work on the machine disturbed the earlier attempts (the tables hold the last): ${again.join(', ')}.`];
}
