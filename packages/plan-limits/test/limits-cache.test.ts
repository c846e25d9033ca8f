import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLimitsCache, hardLimit, type ProjectLimits } from '../src/index.ts';

const projectId = '6c1b8f0e-8d5c-4a8a-9d59-2f7f7a3b8d11';
const limitsWith = (requests: number): ProjectLimits => ({
  plan: {
    id: 'tiny',
    requestsPerSecond: 5,
    allowances: { requests: { included: 100 }, storageBytes: { included: null }, egressBytes: { included: 10, overage: { cents: 1, per: 1 } }, webhookDeliveries: { included: null } },
  },
  period: '2026-11',
  requests,
});

/** A billing stand-in on loopback: answers `answer()`, counts the calls and the secrets it saw. */
async function startBilling(answer: () => { status: number; body?: unknown }) {
  const seen: { path: string; secret: string | undefined }[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', secret: req.headers['x-admin-secret'] as string | undefined });
    const { status, body } = answer();
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

const quiet = { warn: () => {} };
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe('plan limits from billing', () => {
  it('asks billing once per ttl with the admin secret and answers from memory meanwhile', async () => {
    let requests = 7;
    const billing = await startBilling(() => ({ status: 200, body: limitsWith(requests) }));
    closers.push(billing.close);
    const cache = createLimitsCache({ billingUrl: billing.url, adminSecret: 's'.repeat(32), logger: quiet, ttlMs: 60_000 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.get(projectId)));
    expect(answers.every((answer) => answer?.requests === 7)).toBe(true);
    requests = 8;
    expect((await cache.get(projectId))?.requests).toBe(7);
    expect(billing.seen).toEqual([{ path: `/internal/limits?projectId=${projectId}`, secret: 's'.repeat(32) }]);
  });

  it('refreshes an invalidated project in the background, answering the stale figure meanwhile', async () => {
    let requests = 1;
    const billing = await startBilling(() => ({ status: 200, body: limitsWith(requests) }));
    closers.push(billing.close);
    const cache = createLimitsCache({ billingUrl: billing.url, adminSecret: undefined, logger: quiet, ttlMs: 60_000 });
    await cache.get(projectId);
    requests = 2;
    cache.invalidate([projectId]);
    expect((await cache.get(projectId))?.requests).toBe(1);
    await expect.poll(async () => (await cache.get(projectId))?.requests).toBe(2);
    expect(billing.seen).toHaveLength(2);
  });

  it('answers undefined while billing never answered, and keeps the last known limits through an outage', async () => {
    let status = 503;
    const warnings: unknown[] = [];
    const billing = await startBilling(() => ({ status, body: limitsWith(3) }));
    closers.push(billing.close);
    const cache = createLimitsCache({ billingUrl: billing.url, adminSecret: undefined, logger: { warn: (...args: unknown[]) => warnings.push(args) }, ttlMs: 1 });
    expect(await cache.get(projectId)).toBeUndefined();
    status = 200;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await cache.get(projectId))?.requests).toBe(3);
    status = 500;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await cache.get(projectId))?.requests).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await cache.get(projectId))?.requests).toBe(3);
    expect(warnings).toHaveLength(1); // once a minute at most
  });

  it('reads a hard limit only from an allowance that is limited and not billed as overage', () => {
    const { allowances } = limitsWith(0).plan;
    expect(hardLimit(allowances.requests)).toBe(100);
    expect(hardLimit(allowances.storageBytes)).toBeUndefined();
    expect(hardLimit(allowances.egressBytes)).toBeUndefined();
  });
});
