import { startStack, type RunningStack } from '@fedbase/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../support/identity-client.ts';
import type { FuzzTargets } from './fuzz/fuzz-targets.ts';
import { createRequestGenerator } from './fuzz/generate-request.ts';
import { createRandom, fuzzSeed } from './fuzz/random.ts';
import { reportFuzz } from './fuzz/report-fuzz.ts';
import { runHttpFuzz } from './fuzz/run-http-fuzz.ts';
import { runWsFuzz } from './fuzz/run-ws-fuzz.ts';
import { seedStack } from './fuzz/seed-stack.ts';

// FUZZ_REQUESTS shortens a run while chasing one bug; CI runs the full 10,000.
const requests = Number(process.env['FUZZ_REQUESTS'] ?? 10_000);
const seed = fuzzSeed(process.env['FUZZ_SEED']);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Random and mutated requests against one whole stack: whatever a client sends, the answer is a
// success or a 4xx with a code from the list, never a 5xx or INTERNAL, and no process dies.
describe('the fuzz pass', () => {
  let stack: RunningStack;
  let targets: FuzzTargets;

  beforeAll(async () => {
    stack = await startStack({ env: { PASSWORD_HASH_COST: '10', AUTH_ATTEMPTS_PER_IP: '1000000' }, timeoutMs: 200_000 });
    targets = await seedStack(stack);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it(`answers ${requests} random and mutated requests and a few hundred graphql-ws frames without a 5xx or a crash`, async () => {
    console.log(`fuzz: seed ${seed} (replay with FUZZ_SEED=${seed})`);
    const pids = Object.entries(stack.pids);
    const started = Date.now();
    const [http, ws] = await Promise.all([
      runHttpFuzz(stack.gatewayUrl, createRequestGenerator(createRandom(seed), targets), { count: requests, concurrency: 16 }),
      runWsFuzz(stack.gatewayUrl, seed, targets, { frames: 400, lanes: 4 }),
    ]);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const alive = pids.filter(([, pid]) => isAlive(pid));
    const ready = await fetch(`${stack.gatewayUrl}/readyz`);
    const knownGood = await gql(stack.gatewayUrl, '{ project { id } plans { id } }', {}, { key: targets.publishableKey });
    const report = reportFuzz(http, ws, { requests, seed, alive: `${alive.length}/${pids.length}`, seconds });

    expect(report.failures.slice(0, 20).map((failure) => `#${failure.index} ${failure.problem}: ${failure.request.method} ${failure.request.path.slice(0, 100)}`)).toEqual([]);
    expect(ws.problems).toEqual([]);
    expect(alive.map(([name]) => name)).toEqual(pids.map(([name]) => name));
    expect(ready.status).toBe(200);
    expect(knownGood.body.errors).toBeUndefined();
    expect(knownGood.body.data?.['project']).toMatchObject({ id: expect.any(String) });
  }, 300_000);
});
