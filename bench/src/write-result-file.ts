import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Machine } from './describe-machine.ts';

export interface ResultFile {
  /** The file is `bench/results/<YYYY-MM-DD>-<name>.md`. */
  name: string;
  /** The heading, before `, <date>`. */
  title: string;
  command: string;
  machine: Machine;
  /** Markdown after the common header: what was measured, the tables. */
  body: readonly string[];
}

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));

/**
 * Writes one benchmark's results under the header every report shares (the command to rerun it
 * and the machine it ran on, since figures only compare on the same machine); returns the path.
 */
export async function writeResultFile({ name, title, command, machine, body }: ResultFile): Promise<string> {
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    `# ${title}, ${date}`,
    '',
    `Command: \`${command}\` (from the repository root).`,
    '',
    `Machine: ${machine.cpus} CPUs (nproc; ${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; load average ${machine.loadAverage.toFixed(2)} at the start.`,
    'The load generator, the gateway and the subgraphs share these cores, so the figures are',
    'comparable with each other and with later runs on the same machine, not across machines.',
    '',
    ...body,
  ];
  await mkdir(resultsDir, { recursive: true });
  const file = `${resultsDir}${date}-${name}.md`;
  await writeFile(file, lines.join('\n'));
  return file;
}
