import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3rver } from '@fedbase/testing';
import { createTestFile, type TestFile } from './create-test-file.ts';
import { describeCode } from './describe-code.ts';
import { describeMachine } from './describe-machine.ts';
import { explainFilesLimits } from './explain-files-limits.ts';
import { cpuPhases } from './files-backend-tables.ts';
import { otherWorkShare } from './other-work-share.ts';
import { measureFilesBackend, type BackendRun, type FilesBackend, type SeriesPlan } from './measure-files-backend.ts';
import { runBench } from './run-bench.ts';
import { waitForQuietMachine } from './wait-for-quiet-machine.ts';
import { writeFilesReport } from './write-files-report.ts';

/**
 * Upload and download throughput of files through the gateway, against a plain copy and a plain
 * read on the same disk: 1 MiB files one at a time and 4 at once, then single 64 and 256 MiB
 * transfers, stored on disk (the embedded default) and in S3 (s3rver in this process). Everything
 * runs on 127.0.0.1.
 */
const quick = process.argv.includes('--quick');
const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
// A CI run or another benchmark on the machine would be measured with us: wait for it to finish.
const maxLoad = Number(option('max-load') ?? 2.5);
const maxWaitMinutes = Number(option('wait-minutes') ?? 30);
// A series during which other work took more than a quarter of a core is measured again once the
// machine is quiet, this many times in the whole run at most, each after a wait of 10 min at most.
const retries = Number(option('retries') ?? 4);
const maxOtherWork = 0.25;
const retryWaitMs = Math.min(10, maxWaitMinutes) * 60_000;
const backendNames = option('backends')?.split(',') ?? ['disk', 's3'];
if (!(maxLoad > 0) || !(maxWaitMinutes >= 0) || !(Number.isInteger(retries) && retries >= 0) || !backendNames.every((name) => name === 'disk' || name === 's3')) {
  process.stderr.write('usage: files-throughput.ts [--quick] [--backends=disk,s3] [--max-load=2.5] [--wait-minutes=30] [--retries=4]\n');
  process.exit(2);
}

const MiB = 2 ** 20;
const series = (size: number, count: number, concurrency = 1): SeriesPlan => ({ size, count, concurrency });
// S3 goes through s3rver, which writes every multipart object twice: fewer, so the run stays short.
const plans: Record<'disk' | 's3', SeriesPlan[]> = quick
  ? { disk: [series(MiB, 20), series(MiB, 20, 4), series(64 * MiB, 1)], s3: [series(MiB, 10), series(MiB, 12, 4), series(64 * MiB, 1)] }
  : {
      disk: [series(MiB, 50), series(MiB, 100, 4), series(64 * MiB, 3), series(256 * MiB, 2)],
      s3: [series(MiB, 20), series(MiB, 40, 4), series(64 * MiB, 2), series(256 * MiB, 1)],
    };
const backends: FilesBackend[] = [
  { name: 'disk', plan: plans.disk, start: async () => ({ env: {}, stop: async () => {} }) },
  {
    name: 's3',
    plan: plans.s3,
    async start() {
      const s3 = await startS3rver();
      return { env: { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_BUCKET: 'fedbase-bench' }, stop: () => s3.close() };
    },
  },
].filter(({ name }) => backendNames.some((wanted) => wanted === name));
const transferTimeoutMs = 300_000;

const log = (...lines: string[]) => process.stdout.write(lines.map((line) => `${line}\n`).join(''));
const running = new Set<() => Promise<void>>();
let scratchDir: string | undefined;
const cleanUp = async () => {
  for (const stop of [...running].reverse()) await stop().catch((error: unknown) => process.stderr.write(`bench: stopping failed: ${String(error)}\n`));
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
};
// The wait for a quiet machine; per backend a stack start-up (minutes on a busy machine), then
// every byte moved six times (copy, copyFile, read, hashed read, upload, download) at no less than
// 10 MB/s: several times a healthy run's length, short of forever; and for each retry its wait and
// the largest series again.
const seriesBytes = backends.flatMap((backend) => backend.plan.map((p) => p.size * p.count));
const plannedBytes = seriesBytes.reduce((sum, bytes) => sum + bytes, 0);
const watchdogMs =
  maxWaitMinutes * 60_000 + backends.length * 240_000 + (plannedBytes * 6) / 10e3 + retries * (retryWaitMs + (Math.max(...seriesBytes) * 6) / 10e3);

await runBench(async () => {
  const quiet = await waitForQuietMachine({ maxLoad, maxWaitMs: maxWaitMinutes * 60_000, log });
  const machine = describeMachine();
  const code = describeCode();
  // Under os.tmpdir(), where startStack makes each DATA_DIR; checked against it once a stack runs.
  scratchDir = await mkdtemp(join(tmpdir(), 'fedbase-bench-files-'));
  const sizes = [...new Set(backends.flatMap((backend) => backend.plan.map((plan) => plan.size)))].sort((a, b) => a - b);
  const files = new Map<number, TestFile>();
  for (const size of sizes) files.set(size, await createTestFile(join(scratchDir, `source-${size}.bin`), size));
  log(`generated ${sizes.map((size) => `${size / MiB} MiB`).join(', ')} in ${scratchDir}`);

  const runs: BackendRun[] = [];
  const retryBudget = { left: retries };
  for (const backend of backends) {
    runs.push(await measureFilesBackend({ backend, files, scratchDir, timeoutMs: transferTimeoutMs, retries: retryBudget, maxOtherWork, retryWaitMs, running, log }));
  }
  const file = await writeFilesReport({
    command: ['npm run bench:files -w @fedbase/bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    machine,
    code,
    quiet: { reached: quiet, maxLoad },
    runs,
  });
  log('', ...explainFilesLimits(runs, machine.cpus), '', `wrote ${file}`);
  const disturbed = runs.flatMap((run) => cpuPhases(run).filter(({ cpu }) => otherWorkShare(cpu, machine.cpus) > maxOtherWork).map(({ label }) => `${run.name}, ${label}`));
  if (disturbed.length > 0) log(`other work used the machine during: ${disturbed.join('; ')}: rerun on a quiet machine to trust those rows`);
  return true;
}, { watchdogMs, cleanUp, errorStack: true });
