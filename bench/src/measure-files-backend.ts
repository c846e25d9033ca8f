import { stat } from 'node:fs/promises';
import { Agent } from 'node:http';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startStack, type RunningStack } from '@fedbase/testing';
import { startCpuMeter, type PhaseCpu } from './cpu-meter.ts';
import { createFilesClient } from './create-files-client.ts';
import type { TestFile } from './create-test-file.ts';
import { describeFilesystem, type Filesystem } from './describe-filesystem.ts';
import { getFile } from './get-file.ts';
import { measureFileTransfers, type FileSeries, type FileSeriesOptions } from './measure-file-transfers.ts';
import { measurePlainCopy, type PlainCopyFigures } from './measure-plain-copy.ts';
import { otherWorkShare } from './other-work-share.ts';
import { putFile } from './put-file.ts';
import { waitForQuietMachine } from './wait-for-quiet-machine.ts';

export interface SeriesPlan {
  readonly size: number;
  readonly count: number;
  readonly concurrency: number;
}

/** Where a stack keeps file bytes: its extra environment and what it takes to start it. */
export interface FilesBackend {
  readonly name: string;
  readonly plan: readonly SeriesPlan[];
  start(): Promise<{ env: Record<string, string>; stop: () => Promise<void> }>;
}

export interface MeasuredSeries {
  readonly plan: SeriesPlan;
  readonly baseline: PlainCopyFigures;
  /** CPU while the plain copies and reads ran (they run in the benchmark process). */
  readonly baselineCpu: PhaseCpu;
  readonly transfers: FileSeries;
  /** 1, or more when other work on the machine disturbed the earlier attempts. */
  readonly attempts: number;
}

export interface BackendRun {
  readonly name: string;
  /** The filesystem of the stack's DATA_DIR, where the disk store writes. */
  readonly dataDirFilesystem: Filesystem;
  readonly pids: Readonly<Record<string, number>>;
  readonly series: readonly MeasuredSeries[];
}

export interface FilesBackendOptions {
  backend: FilesBackend;
  /** One generated file per planned size. */
  files: ReadonlyMap<number, TestFile>;
  /** Scratch space for the plain copies; must be on the DATA_DIR's filesystem. */
  scratchDir: string;
  timeoutMs: number;
  /** Series measured again because other work disturbed them, left for the whole run; taken from here. */
  retries: { left: number };
  /** Other work (share of one core) above which a series is measured again. */
  maxOtherWork: number;
  /** How long to wait for a quiet machine before measuring a series again. */
  retryWaitMs: number;
  /** Stops of what is running, for the watchdog; entries are removed once stopped. */
  running: Set<() => Promise<void>>;
  log: (line: string) => void;
}

const mib = (bytes: number) => `${bytes / 2 ** 20} MiB`;
const octets = 'application/octet-stream';

/**
 * Starts a stack on `backend`, then per planned series measures the plain copy on the disk of its
 * DATA_DIR and the same bytes through the gateway, one after the other so they never share the
 * machine. A series during which other work took more than `maxOtherWork` of a core is measured
 * again once the machine is quiet, while `retries` last. Stops everything it started, on failure too.
 */
export async function measureFilesBackend(options: FilesBackendOptions): Promise<BackendRun> {
  const { backend, files, scratchDir, timeoutMs, running, log } = options;
  const started = await backend.start();
  running.add(started.stop);
  let stack: RunningStack | undefined;
  const stopStack = async () => {
    await stack?.stop();
  };
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  try {
    log(`${backend.name}: starting the stack...`);
    stack = await startStack({ env: { LOG_LEVEL: 'warn', ...started.env } });
    running.add(stopStack);
    const project = stack.firstProject;
    if (!project) throw new Error('the stack created no first project');
    const dataDirFilesystem = describeFilesystem(stack.dataDir);
    // The comparison only means something if the plain copy writes where the store writes.
    if ((await stat(scratchDir)).dev !== dataDirFilesystem.dev) throw new Error(`${scratchDir} and the stack's DATA_DIR ${stack.dataDir} are on different filesystems`);
    const pids = { ...stack.pids, bench: process.pid };
    const client = createFilesClient(stack.gatewayUrl, project.secretKey);
    const bucket = 'bench';
    await client.createBucket(bucket, Math.max(...files.keys()));

    // Warm-up, not measured: connections, JIT, the first queries of each subgraph.
    const smallest = files.get(Math.min(...files.keys()))!;
    for (let i = 0; i < 3; i += 1) {
      const ticket = await client.createUploadUrl(bucket, `warm-up-${i}.bin`, octets, smallest.size);
      await putFile(ticket.url, smallest, octets, { agent, timeoutMs });
      await getFile(await client.downloadUrl(ticket.id), smallest, { agent, timeoutMs });
    }

    const series: MeasuredSeries[] = [];
    for (const plan of backend.plan) {
      const label = `${backend.name}: ${plan.count} × ${mib(plan.size)}${plan.concurrency > 1 ? `, ${plan.concurrency} at once` : ''}`;
      const transferOptions = { client, bucket, file: files.get(plan.size)!, count: plan.count, concurrency: plan.concurrency, agent, timeoutMs, pids, blockDevice: dataDirFilesystem.blockDevice };
      for (let attempt = 1; ; attempt += 1) {
        const measured = await measureSeries(plan, transferOptions, join(scratchDir, 'plain'), label, log);
        const other = Math.max(...[measured.baselineCpu, measured.transfers.upload.cpu, measured.transfers.download.cpu].map((cpu) => otherWorkShare(cpu, availableParallelism())));
        if (other <= options.maxOtherWork || options.retries.left <= 0) {
          series.push({ ...measured, attempts: attempt });
          break;
        }
        options.retries.left -= 1;
        log(`  other work took ${(other * 100).toFixed(0)}% of a core meanwhile: measuring this series again once the machine is quiet`);
        await waitForQuietMachine({ maxLoad: Number.POSITIVE_INFINITY, maxWaitMs: options.retryWaitMs, log });
      }
    }
    return { name: backend.name, dataDirFilesystem, pids, series };
  } finally {
    agent.destroy();
    await stopStack();
    running.delete(stopStack);
    await started.stop();
    running.delete(started.stop);
  }
}

/** One series: the plain copies and reads, then the uploads and downloads; logs a summary. */
async function measureSeries(plan: SeriesPlan, transfers: FileSeriesOptions, plainDir: string, label: string, log: (line: string) => void): Promise<Omit<MeasuredSeries, 'attempts'>> {
  log(`${label}: plain copy...`);
  const stopCpu = startCpuMeter(transfers.pids);
  const baseline = await measurePlainCopy({ source: transfers.file, dir: plainDir, count: plan.count, concurrency: plan.concurrency });
  const baselineCpu = stopCpu();
  log(`${label}: through the gateway...`);
  const measured = await measureFileTransfers(transfers);
  const { upload, download } = measured;
  const growth = (name: string) => Math.max(...[upload, download].map((phase) => (phase.rss[name] ? phase.rss[name].peakMiB - phase.rss[name].beforeMiB : Number.NaN))).toFixed(0);
  log(
    `  copy ${baseline.copy.mbPerSecond.toFixed(0)} MB/s, upload ${upload.figures.mbPerSecond.toFixed(0)} MB/s (p50 ${upload.figures.p50Ms.toFixed(1)} ms); ` +
      `read ${baseline.read.mbPerSecond.toFixed(0)} MB/s, download ${download.figures.mbPerSecond.toFixed(0)} MB/s (p50 ${download.figures.p50Ms.toFixed(1)} ms); ` +
      `RSS growth files +${growth('files')} MiB, gateway +${growth('gateway')} MiB`,
  );
  return { plan, baseline, baselineCpu, transfers: measured };
}
