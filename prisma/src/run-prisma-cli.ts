import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { prismaPaths } from './prisma-paths.ts';

export interface RunPrismaCliOptions {
  /** CLI arguments, e.g. `['migrate', 'diff', '--from-migrations', dir, ...]` */
  args: readonly string[];
  /**
   * Database the schema engine talks to (`postgres://...`, `pglite:<dir>` or `pglite:memory`).
   * @default 'pglite:memory'
   */
  databaseUrl?: string | undefined;
}

export interface PrismaCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the Prisma CLI from this package with our wasm schema engine, so migrate/diff commands
 * work offline. Resolves with the exit code instead of throwing: `--exit-code` uses 2 for "differs".
 */
export async function runPrismaCli(options: RunPrismaCliOptions): Promise<PrismaCliResult> {
  // resolved lazily: the CLI is a dev dependency and the services never call this
  const cli = fileURLToPath(import.meta.resolve('prisma/build/index.js'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: prismaPaths.schemaEngine,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    DATABASE_URL: options.databaseUrl ?? 'pglite:memory',
  };
  const child = spawn(process.execPath, [cli, ...options.args], { cwd: prismaPaths.root, env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode ?? 1));
  });
  return { code, stdout, stderr };
}
