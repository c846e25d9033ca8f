import type { Machine } from './describe-machine.ts';
import { coreShares, explainFilesLimits } from './explain-files-limits.ts';
import { backendTables, cpuPhases, seriesPhases } from './files-backend-tables.ts';
import { otherWorkShare } from './other-work-share.ts';
import type { BackendRun } from './measure-files-backend.ts';
import { writeResultFile } from './write-result-file.ts';

export interface FilesReport {
  command: string;
  machine: Machine;
  code: string;
  /** Whether the load average got below `maxLoad` before the run. */
  quiet: { reached: boolean; maxLoad: number };
  runs: readonly BackendRun[];
}

const backendIntro: Record<string, string[]> = {
  disk: [
    'The embedded default: bytes under `DATA_DIR/files/storage`, written to `incomplete/`, fsynced, renamed, the',
    'directory fsynced; the plain copy takes the same steps on the same filesystem, so the ratio is the cost of',
    'the HTTP hops, the hashing and the database around it.',
  ],
  s3: [
    '`S3_ENDPOINT` at an s3rver 3.7 started by `startS3rver()` of `@fedbase/testing` inside the benchmark process, on',
    'loopback, in its own directory under the same tmpdir. The plain copy is the same as for the disk store, and',
    'it is not a like-for-like ceiling here: s3rver writes each object to that disk itself, without fsync (it',
    'answers once the bytes are handed to the kernel), and an object of 8 MiB or more arrives as a multipart upload',
    'of 8 MiB parts that s3rver stores as part files and then reads back and writes again as one object on',
    'CompleteMultipartUpload (MD5 of every byte both times); smaller ones are one PutObject. It also shares the',
    "benchmark's event loop with the client, so the `bench` CPU column below is client and S3 server together.",
    'Read these rows as what the files subgraph sustains against an S3 endpoint on the same machine, not as the',
    'speed of a real S3.',
  ],
};

/** Writes `bench/results/<YYYY-MM-DD>-files-throughput.md` and returns its path. */
export async function writeFilesReport({ command, machine, code, quiet, runs }: FilesReport): Promise<string> {
  const fs = runs[0]?.dataDirFilesystem;
  const others = runs.flatMap((run) => cpuPhases(run).map(({ label, cpu }) => ({ label: `${run.name}, ${label}`, share: otherWorkShare(cpu, machine.cpus) })));
  const worst = others.reduce((a, b) => (b.share > a.share ? b : a), { label: '', share: 0 });
  const body = [
    `Code: ${code}. Embedded mode (PGlite), \`LOG_LEVEL=warn\`, all traffic on 127.0.0.1.`,
    quiet.reached
      ? `The run waited for the 1-minute load average to drop below ${quiet.maxLoad}, and the cores to be mostly idle, before it began.`
      : `**The 1-minute load average did not drop below ${quiet.maxLoad} within the wait: the figures share the machine with other work.**`,
    `Other work on the machine during the measured phases (CPU besides the stack and the benchmark): at most ${(worst.share * 100).toFixed(0)}% of one core` +
      (worst.label ? ` (${worst.label}).` : '.') +
      (worst.share > 0.25 ? ' **Phases with much other work are slower than the machine allows; compare them with care.**' : ''),
    '',
    `Disk: the stacks' \`DATA_DIR\` (made by \`startStack\` under \`os.tmpdir()\`) and the plain copies are on one`,
    `filesystem (checked by \`st_dev\`): ${fs ? `${fs.type} on ${fs.source}, mounted at ${fs.mountPoint}` : 'unknown'}. With ${machine.memoryGiB} GiB of memory every`,
    'file here fits in the page cache: reads (plain and downloads) come from memory, not from the device; writes',
    "reach the device through the store's fsync. MB/s is 10^6 bytes a second; sizes are MiB (2^20 bytes).",
    '',
    '## How it was measured',
    '',
    '- Generated files of random bytes (1, 64, 256 MiB) in a scratch directory, flushed before anything is timed.',
    '- **Plain copy**: `fs.createReadStream` → `fs.createWriteStream` to a temporary name, fsync, rename into',
    '  place, fsync of the directory (the two fsyncs timed apart): the disk store\'s steps with nothing else. **copyFile + fsync** for',
    '  reference (the kernel copies, no user-space buffers). **Plain read**: the source streamed and counted; **read +',
    '  SHA-256** the same through a hash, which is what the download client does with every byte.',
    '- **Upload**: `createUploadUrl` with the secret key (asked for every file before the phase and timed apart), then',
    '  `PUT` of the file streamed from disk with `node:http`, `Content-Length` set, through the gateway; each answer must',
    '  be 201 with the size and SHA-256 of the file. **Download**: `file(id) { downloadUrl }` (also beforehand), then',
    '  `GET`, the body hashed and dropped; each must be 200 with every byte and the same SHA-256. A keep-alive agent.',
    '- Each series runs its plain copies first, then its uploads, then its downloads, with the same count and',
    '  concurrency; MB/s is all the bytes of a series over its wall-clock time. The plain copies run while the stack',
    '  is up and idle, so both see the same machine.',
    '- A series during which other work on the machine took more than a quarter of a core (CPU besides the stack and',
    '  the benchmark) is measured again once the cores are quiet, a few times in the whole run at most.',
    '- CPU of every process of the stack and of the benchmark itself (`/proc/<pid>/stat`) over each phase; RSS of each',
    '  sampled every 50 ms (`/proc/<pid>/status`); bytes written to the block device (`/proc/diskstats`, every writer',
    '  on the machine, and unsynced writes may land later).',
    '',
  ];
  for (const run of runs) {
    body.push(
      `## ${run.name === 'disk' ? 'Disk store' : 'S3 store'}`,
      '',
      ...(backendIntro[run.name] ?? []),
      '',
      ...backendTables(run, machine.cpus),
      '',
    );
  }
  body.push('## What limits it', '', ...explainFilesLimits(runs, machine.cpus), '', ...mechanisms(runs), '');
  return writeResultFile({ name: 'files-throughput', title: 'Files: upload and download throughput', command, machine, body });
}

/** The paths the bytes take, so the computed lines above can be read against them. */
function mechanisms(runs: readonly BackendRun[]): string[] {
  const busiest = runs.flatMap((run) => seriesPhases(run).map(({ phase }) => coreShares(phase.cpu)[0]?.[0]));
  const lines = [
    'Where the time goes. A plain copy moves each byte through one process, once. An upload moves it through three:',
    'the client writes it to a loopback socket, the gateway reads it and writes it to a second socket (it streams',
    'the body on, `proxy-to-subgraph.ts`, without buffering), the files subgraph reads it, hashes it (SHA-256 in',
    '`hash-and-limit.ts`), writes it chunk by chunk and fsyncs. Each stage waits for the next (backpressure), so when',
    'no core is saturated the upload is bounded by that chain of hand-offs plus the fsync, which it pays like the',
    'plain copy. A download is the same in reverse without the hash and the fsync.',
    '',
    'Per file, besides the bytes: `createUploadUrl` (a GraphQL mutation through the gateway: caller resolution, an',
    'insert in PGlite); at the PUT a claim `UPDATE` and a transaction (the `READY` row and the outbox entry) in PGlite,',
    'which runs on the files process\'s own thread; then the relay hands `files.file.created` to the events subgraph,',
    'which logs it in its own PGlite transaction (event row, webhook match, its outbox): the `events` column. A',
    'download costs `file { downloadUrl }`, a `SELECT` of the row and an egress `INSERT … ON CONFLICT`. For 1 MiB files',
    'that fixed cost, not the bytes, sets the rate.',
    '',
    'The benchmark\'s own client shares the 2 cores: it reads each download through SHA-256 and the HTTP parser on one',
    'event loop, and on downloads it spends about as much CPU per MB as the gateway and the files subgraph together,',
    'so a download figure here is lower than what a client on another machine would see: the "stack alone would',
    'allow" figure above is that ceiling from the stack\'s own CPU per MB (when the phase was CPU-bound).',
  ];
  if (runs.some((run) => run.name === 's3')) {
    lines.push(
      '',
      'Through S3 there is a third hop (files subgraph → s3rver) and more work in the files subgraph: lib-storage',
      'copies the body into 8 MiB part buffers, the SDK signs each part with SigV4 (a SHA-256 of the part, on top',
      'of the store\'s own), and downloads arrive through the SDK\'s HTTP client; compare its CPU per MB with the',
      'disk store\'s. s3rver takes an MD5 of every byte (twice for a multipart object: part, then the whole) and',
      'writes it twice, in the benchmark process, whose one event loop also runs the client: when `bench` is at a',
      'full core on an S3 upload, s3rver is the limit, not Fedbase.',
    );
  }
  if (busiest.length > 0) lines.push('', `Busiest process per phase, in table order: ${busiest.join(', ')}.`);
  return lines;
}
