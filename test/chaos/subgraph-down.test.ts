import { startStack, type RunningStack, type StackProject } from '@fedbase/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../support/identity-client.ts';

// Long enough for a healthy subgraph on a loaded CI machine, short enough to wait out three times.
const timeoutMs = 3_000;
const breakerFailures = 3;
const cooldownMs = 1_000;
// identity and data; `document` is nullable, so the hung subgraph's field can be null alone.
const query = '{ project { name } document(collection: "notes", id: "00000000-0000-4000-8000-000000000000") { id } }';

// A subgraph that hangs (SIGSTOP: its port accepts, nothing answers) rather than dies: the worst
// case for a gateway without timeouts, which would hold every request touching it.
describe('a subgraph that stops answering', () => {
  let stack: RunningStack;
  let project: StackProject;
  let dataPid: number;

  beforeAll(async () => {
    stack = await startStack({
      env: { SUBGRAPH_TIMEOUT_MS: String(timeoutMs), SUBGRAPH_BREAKER_FAILURES: String(breakerFailures), SUBGRAPH_BREAKER_COOLDOWN_MS: String(cooldownMs) },
    });
    project = stack.firstProject!;
    dataPid = stack.pids['data']!;
    await gql(stack.gatewayUrl, 'mutation { createCollection(name: "notes", fields: [{ name: "text", type: STRING }]) { name } }', {}, { key: project.secretKey });
    // Warm: a cold subgraph's first answers can be slow on a loaded machine.
    for (let attempt = 0; attempt < 20; attempt += 1) {
      if (!(await gql(stack.gatewayUrl, query, {}, { key: project.secretKey })).body.errors) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });

  afterAll(async () => {
    if (dataPid) process.kill(dataPid, 'SIGCONT');
    await stack?.stop();
  });

  it('answers the other subgraphs\' fields, names the hung one, fails fast once its circuit opens, and recovers by itself', { timeout: 90_000 }, async () => {
    const caller = { key: project.secretKey };
    expect((await gql(stack.gatewayUrl, query, {}, caller)).body.errors).toBeUndefined();
    process.kill(dataPid, 'SIGSTOP');
    const answers: { ms: number; body: Awaited<ReturnType<typeof gql>>['body']; status: number }[] = [];
    try {
      for (let i = 0; i < breakerFailures + 3; i += 1) {
        const started = performance.now();
        const { body, status } = await gql(stack.gatewayUrl, query, {}, caller);
        answers.push({ ms: performance.now() - started, body, status });
      }
    } finally {
      process.kill(dataPid, 'SIGCONT');
    }
    for (const { body, status } of answers) {
      expect(status).toBe(200);
      expect(body.data).toEqual({ project: { name: 'My project' }, document: null });
      expect(body.errors).toEqual([expect.objectContaining({ path: ['document'], extensions: { code: 'INTERNAL', serviceName: 'data' }, message: expect.stringContaining('data service') })]);
    }
    const [first] = answers;
    const fast = answers.slice(breakerFailures);
    expect(first!.body.errors?.[0]?.message).toContain(`did not answer within ${timeoutMs} ms`);
    expect(fast.every(({ body }) => body.errors?.[0]?.message.includes('unavailable'))).toBe(true);
    // Once open, the circuit answers without waiting for the timeout.
    expect(Math.max(...fast.map(({ ms }) => ms))).toBeLessThan(timeoutMs);

    const deadline = Date.now() + 30_000;
    let recovered;
    while (!recovered && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const { body } = await gql(stack.gatewayUrl, query, {}, caller);
      if (!body.errors) recovered = body.data ?? undefined;
    }
    const metrics = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
    console.log(`hung data subgraph: answers while hung ${answers.map(({ ms }) => `${Math.round(ms)} ms`).join(', ')}; recovered: ${Boolean(recovered)}`);
    expect(recovered).toEqual({ project: { name: 'My project' }, document: null });
    expect(metrics).toMatch(/fedbase_gateway_subgraph_circuit_open\{subgraph="data"[^}]*\} 0/);
  });
});
