import type { Agent } from 'node:http';
import { startCpuMeter, type PhaseCpu } from './cpu-meter.ts';
import type { FilesClient } from './create-files-client.ts';
import type { TestFile } from './create-test-file.ts';
import { readDeviceWrittenBytes } from './describe-filesystem.ts';
import { getFile } from './get-file.ts';
import { putFile } from './put-file.ts';
import { quantile } from './quantile.ts';
import { runConcurrently } from './run-concurrently.ts';
import { startRssSampler, type RssPeak } from './start-rss-sampler.ts';
import { timeTransfers, type TransferFigures } from './transfer-figures.ts';

/** One direction of a series: the transfers, and what the processes spent and held meanwhile. */
export interface TransferPhase {
  readonly figures: TransferFigures;
  readonly cpu: PhaseCpu;
  readonly rss: Readonly<Record<string, RssPeak>>;
  /**
   * Bytes the block device under the store took during the phase (all writers on the machine).
   * Writes nobody fsyncs may reach it seconds later, in a later phase or none.
   */
  readonly deviceWrittenBytes: number;
}

export interface FileSeries {
  readonly file: TestFile;
  /** p50 of `createUploadUrl` through the gateway, asked before the uploads and not part of them. */
  readonly ticketP50Ms: number;
  /** p50 of `file(id) { downloadUrl }`, likewise. */
  readonly downloadUrlP50Ms: number;
  readonly upload: TransferPhase;
  readonly download: TransferPhase;
}

export interface FileSeriesOptions {
  client: FilesClient;
  bucket: string;
  file: TestFile;
  count: number;
  concurrency: number;
  agent: Agent;
  timeoutMs: number;
  /** Processes whose CPU and RSS are measured, by name. */
  pids: Readonly<Record<string, number>>;
  /** The block device under the store (see describeFilesystem), for the bytes written to it. */
  blockDevice: string | undefined;
}

const contentType = 'application/octet-stream';

/** Measures around a phase: CPU of every process, the RSS peaks, the device's writes. */
async function measurePhase(pids: Readonly<Record<string, number>>, blockDevice: string | undefined, run: () => Promise<TransferFigures>): Promise<TransferPhase> {
  const stopRss = await startRssSampler(pids);
  const stopCpu = startCpuMeter(pids);
  const writtenBefore = readDeviceWrittenBytes(blockDevice);
  try {
    const figures = await run();
    const deviceWrittenBytes = readDeviceWrittenBytes(blockDevice) - writtenBefore;
    return { figures, cpu: stopCpu(), rss: await stopRss(), deviceWrittenBytes };
  } catch (error) {
    await stopRss();
    throw error;
  }
}

/**
 * Uploads `file` `count` times through the gateway, `concurrency` at once, then downloads each
 * upload the same way. The GraphQL calls (tickets, download URLs) are made before each phase and
 * timed apart, so the transfer figures hold the bytes' path alone: client, gateway, files subgraph,
 * store, the way a plain copy has none of them.
 */
export async function measureFileTransfers({ client, bucket, file, count, concurrency, agent, timeoutMs, pids, blockDevice }: FileSeriesOptions): Promise<FileSeries> {
  const series = { count, concurrency, bytesEach: file.size };
  const ticketMs: number[] = [];
  const tickets = await runConcurrently(count, concurrency, async (index) => {
    const started = performance.now();
    const ticket = await client.createUploadUrl(bucket, `bench-${file.size}-${index}.bin`, contentType, file.size);
    ticketMs.push(performance.now() - started);
    return ticket;
  });
  const upload = await measurePhase(pids, blockDevice, () => timeTransfers(series, (index) => putFile(tickets[index]!.url, file, contentType, { agent, timeoutMs })));

  const downloadUrlMs: number[] = [];
  const urls = await runConcurrently(count, concurrency, async (index) => {
    const started = performance.now();
    const url = await client.downloadUrl(tickets[index]!.id);
    downloadUrlMs.push(performance.now() - started);
    return url;
  });
  const download = await measurePhase(pids, blockDevice, () => timeTransfers(series, (index) => getFile(urls[index]!, file, { agent, timeoutMs })));

  const p50 = (values: number[]) => quantile([...values].sort((a, b) => a - b), 0.5);
  return { file, ticketP50Ms: p50(ticketMs), downloadUrlP50Ms: p50(downloadUrlMs), upload, download };
}
