import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from '../../support/graphql-client.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
let npmStart: ChildProcess;
let dataDir: string;
let gatewayUrl: string;
let output = '';

// Exactly what the README tells a user to run, with no database, broker or bucket configured.
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fedbase-npm-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  for (const name of Object.keys(env)) if (/DATABASE_URL$|^REDIS_URL$|^SUBGRAPH_/.test(name)) delete env[name];
  npmStart = spawn('npm', ['start'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  npmStart.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  gatewayUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no gateway URL within 150 s:\n${output}`)), 150_000);
    npmStart.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL:\s+(http:\/\/\S+)\/graphql/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    npmStart.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
});

afterAll(async () => {
  if (npmStart?.pid) {
    const group = -npmStart.pid;
    signalGroup(group, 'SIGTERM'); // the whole group: npm, its shell, the launcher and its children
    // npm may exit before the subgraphs have closed their databases: wait for the whole group.
    const deadline = Date.now() + 20_000;
    while (signalGroup(group, 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    signalGroup(group, 'SIGKILL');
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
});

/** Signals a process group; false once no process of it is left. */
function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(group, signal);
    return true;
  } catch {
    return false;
  }
}

describe('npm start on embedded defaults', () => {
  it('prints the gateway and explorer URLs', () => {
    expect(output).toMatch(/Fedbase is running/);
    expect(output).toMatch(/Explorer:\s+http:\/\/\S+\/graphql/);
  });

  it('generates an admin secret and a first project, and prints the secret and both keys once', async () => {
    const secret = /Admin secret[^\n]*\n\s+(fbadm_\S+)/.exec(output)?.[1];
    const publishableKey = /publishable key[^:]*:\s+(fbpk_\S+)/.exec(output)?.[1];
    expect(secret).toBeTruthy();
    expect(/secret key[^:]*:\s+fbsk_\S+/.test(output)).toBe(true);
    const { body } = await postGraphQL<{ project: { name: string } }>(gatewayUrl, '{ project { name } }', { headers: { 'x-api-key': publishableKey ?? '' } });
    expect(body.data?.project.name).toBe('My project');
  });

  it('serves the composed supergraph with the five entities and a Subscription type', async () => {
    const { body } = await postGraphQL<{ __schema: { types: { name: string }[]; subscriptionType: { name: string } | null } }>(
      gatewayUrl,
      '{ __schema { types { name } subscriptionType { name } } }',
    );
    const names = body.data?.__schema.types.map((type) => type.name);
    expect(names).toEqual(expect.arrayContaining(['User', 'Document', 'File', 'Event', 'Plan']));
    expect(body.data?.__schema.subscriptionType?.name).toBe('Subscription');
  });

  it('answers one query from two subgraphs, with each part from its own process', async () => {
    const { status, body } = await postGraphQL(gatewayUrl, '{ plans { id name } document(collection: "posts", id: "x") { id } }');
    expect(status).toBe(200);
    expect(body.data).toEqual({ plans: [{ id: 'free', name: 'Free' }, { id: 'pro', name: 'Pro' }], document: null });
    // The data subgraph ran and refused to act outside a project: proof the gateway reached it.
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['document'], extensions: expect.objectContaining({ code: 'UNAUTHENTICATED', serviceName: 'data' }) }),
    ]);
  });

  it('is ready once every subgraph answers', async () => {
    const response = await fetch(`${gatewayUrl}/readyz`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { subgraphs: unknown[] }).subgraphs).toHaveLength(5);
  });
});
