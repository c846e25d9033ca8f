import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/index.ts';

const child = fileURLToPath(new URL('./fixtures/write-until-killed.ts', import.meta.url));

describe('embedded durability', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fedbase-db-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write when the process is killed with SIGKILL', async () => {
    const writer = spawn(process.execPath, ['--import', 'tsx', child, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acknowledged: string[] = [];
    const exited = new Promise<NodeJS.Signals | null>((resolve) => writer.once('exit', (_code, signal) => resolve(signal)));
    let buffer = '';
    await new Promise<void>((resolve, reject) => {
      writer.once('exit', () => reject(new Error('writer exited before it was killed')));
      writer.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        // an id counts only once its whole line arrived: the commit returned before it was printed
        for (const line of lines) if (line !== 'ready') acknowledged.push(line);
        if (acknowledged.length >= 200) {
          writer.kill('SIGKILL');
          resolve();
        }
      });
    });
    expect(await exited).toBe('SIGKILL');

    const db = await openDatabase({ subgraph: 'identity', dataDir });
    try {
      const rows = await db.query<{ id: string }>('SELECT id::text AS id FROM identity.projects');
      const stored = new Set(rows.map((row) => row.id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      expect(stored.size).toBeGreaterThanOrEqual(200);
    } finally {
      await db.close();
    }
  }, 120_000);
});
