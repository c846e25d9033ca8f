import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startStack, type RunningStack } from '@fedbase/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../../support/identity-client.ts';
import { readMetric } from '../../support/read-metric.ts';
import { connect, subscribe, type Received } from '../../support/subscription-client.ts';
import { createProjectOnPlan, post, sleep, type ProjectKeys } from './billing-client.ts';
import { billingEnv } from './plans.ts';

const plansQuery = '{ plans { id } }';
// Not billing's: billing's own operations never count toward the monthly quota.
const dataQuery = '{ document(collection: "posts", id: "x") { id } }';
const usageQuery = 'query ($p: String) { usage(period: $p) { period requests storageBytes egressBytes webhookDeliveries } }';

describe('plans, limits and metering through the gateway', () => {
  let stack: RunningStack;
  let dataDir: string;
  const servers: Server[] = [];

  beforeAll(async () => {
    // Our own data directory: the last test restarts the backend on it.
    dataDir = await mkdtemp(join(tmpdir(), 'fedbase-billing-'));
    stack = await startStack({ env: billingEnv, dataDir });
  }, 180_000);

  afterAll(async () => {
    servers.forEach((server) => server.close());
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
  });

  /** A project on `plan`, once the gateway's cached limits have caught up with the change. */
  const projectOn = async (plan: string): Promise<ProjectKeys> => {
    const project = await createProjectOnPlan(stack.gatewayUrl, stack.adminSecret, plan);
    await sleep(500);
    await post(stack.gatewayUrl, project.secretKey, '{ currentPlan { id } }'); // starts the refresh of the cached limits
    await sleep(300);
    return project;
  };

  it('answers 429 with Retry-After and RATE_LIMITED past a project\'s rate, while another project is served', async () => {
    const [busy, calm] = [await projectOn('slow'), await projectOn('slow')];
    await sleep(2_100); // both buckets full again: 2 per second, bursts of 4
    const [flood, other] = await Promise.all([
      Promise.all(Array.from({ length: 12 }, () => post(stack.gatewayUrl, busy.publishableKey, plansQuery))),
      Promise.all(Array.from({ length: 3 }, () => post(stack.gatewayUrl, calm.publishableKey, plansQuery))),
    ]);
    const served = flood.filter((answer) => answer.status === 200);
    const refused = flood.filter((answer) => answer.status === 429);
    expect(served.length + refused.length).toBe(12);
    expect(served.length).toBeGreaterThanOrEqual(4);
    expect(served.length).toBeLessThanOrEqual(6); // the burst, plus what refilled while the flood ran
    for (const answer of refused) {
      expect(answer.code).toBe('RATE_LIMITED');
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(answer.body.errors?.[0]?.message).toMatch(/2 requests per second/);
    }
    expect(other.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const metrics = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
    const throttled = Number(/fedbase_gateway_throttled_requests_total\{reason="rate_limit"[^}]*\} (\d+)/.exec(metrics)?.[1]);
    expect(throttled).toBeGreaterThanOrEqual(refused.length);
    expect(metrics).toMatch(/fedbase_gateway_admitted_requests_total\{[^}]*\} \d+/);
  });

  it('refuses queries and subscriptions with QUOTA_EXCEEDED once the month\'s requests are used, still answers billing, and lifts on an upgrade', async () => {
    const project = await projectOn('capped');
    const answers = [];
    for (let sent = 0; sent < 40; sent += 1) {
      const answer = await post(stack.gatewayUrl, project.publishableKey, dataQuery);
      answers.push(answer);
      if (answer.status !== 200) break;
    }
    const last = answers.at(-1)!;
    expect(last.status).toBe(429);
    expect(last.code).toBe('QUOTA_EXCEEDED');
    expect(last.retryAfter).toBeNull();
    expect(answers.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(25);
    expect(last.body.errors?.[0]?.message).toMatch(/25 requests/);
    // A subscription is a request too: refused the same way.
    const client = connect(stack.gatewayUrl, { key: project.publishableKey });
    const live = subscribe(client, 'subscription { eventPublished(topic: "orders.*") { id } }');
    await live.ended;
    const refusals = [...live.results.flatMap((result) => result.errors ?? []), ...((live.refusal as Received['errors']) ?? [])];
    expect(refusals.map((error) => error.extensions?.['code'])).toEqual(['QUOTA_EXCEEDED']);
    await client.dispose();
    // Billing's own operations still work, so the project can see why and upgrade.
    await sleep(400);
    const usage = await post(stack.gatewayUrl, project.secretKey, usageQuery);
    expect(usage.status).toBe(200);
    // Never served past the quota. A limits refresh racing a flush may count the batch in flight
    // twice for a moment and refuse early by up to that batch (on a loaded machine ~10 requests of
    // these 200 ms flushes were seen): the estimate errs on the safe side, never past the quota.
    // The usage read is counted too (billing's own operations are exempt, not free): 25 + 1 at most.
    expect(usage.body.data?.['usage'].requests).toBeLessThanOrEqual(26);
    expect(usage.body.data?.['usage'].requests).toBeGreaterThanOrEqual(10);
    expect((await post(stack.gatewayUrl, project.secretKey, 'mutation { setPlan(plan: "metered") { id } }')).status).toBe(200);
    // Lifted once the gateway's cached plan is refreshed (each refused try also starts a refresh).
    await expect.poll(async () => (await post(stack.gatewayUrl, project.publishableKey, dataQuery)).status, { timeout: 10_000, interval: 300 }).toBe(200);
  });

  it('refuses an upload URL past the storage quota and a download past the egress quota', async () => {
    const project = await projectOn('capped');
    const secret = { key: project.secretKey };
    expect((await gql(stack.gatewayUrl, 'mutation { createBucket(name: "docs") { name } }', {}, secret)).body.errors).toBeUndefined();
    const ticket = async (size: number) =>
      gql(stack.gatewayUrl, 'mutation ($s: Int!) { createUploadUrl(bucket: "docs", name: "a.txt", contentType: "text/plain", size: $s) { url file { id } } }', { s: size }, secret);
    const first = await ticket(800);
    expect(first.body.errors).toBeUndefined();
    const { url, file } = first.body.data?.['createUploadUrl'] as { url: string; file: { id: string } };
    expect((await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: Buffer.alloc(800, 97) })).status).toBe(201);
    const second = await ticket(300);
    expect(second.body.errors?.[0]?.extensions?.['code']).toBe('QUOTA_EXCEEDED');
    expect(second.body.errors?.[0]?.message).toMatch(/up to 1000 bytes; 800 are stored/);
    const download = (await gql(stack.gatewayUrl, 'query ($id: ID!) { file(id: $id) { downloadUrl } }', { id: file.id }, secret)).body.data?.['file'].downloadUrl as string;
    expect((await fetch(download)).status).toBe(200);
    expect((await fetch(download)).status).toBe(200); // 1600 bytes out: past the 1500 allowed, after the fact
    await sleep(200); // egress is recorded just after the response ends
    const refused = await fetch(download);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'QUOTA_EXCEEDED' });
  });

  it('emits billing.alert once when usage crosses the chosen share of a quota, to a webhook and the log', async () => {
    const project = await projectOn('capped');
    const received: { type: string; data: Record<string, unknown> }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    servers.push(receiver);
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const secret = { key: project.secretKey };
    const hook = await gql(stack.gatewayUrl, 'mutation ($u: String!) { createWebhook(url: $u, topics: ["billing.*"]) { webhook { id } } }', { u: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` }, secret);
    expect(hook.body.errors).toBeUndefined();
    expect((await gql(stack.gatewayUrl, 'mutation { setSpendAlert(percentOfQuota: 40) }', {}, secret)).body.data).toEqual({ setSpendAlert: true });
    for (let sent = 0; sent < 18; sent += 1) expect((await post(stack.gatewayUrl, project.publishableKey, plansQuery)).status).toBe(200);
    await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await sleep(1_500); // more flushes and collector rounds: still one alert
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ type: 'billing.alert', data: { metric: 'requests', percentOfQuota: 40, included: 25, plan: 'capped' } });
    const log = await gql(stack.gatewayUrl, '{ events(topic: "billing.alert") { totalCount } }', {}, secret);
    expect(log.body.data?.['events']).toEqual({ totalCount: 1 });
    // The delivery is billed: usage reads it from the events subgraph.
    await expect.poll(async () => (await post(stack.gatewayUrl, project.secretKey, usageQuery)).body.data?.['usage'].webhookDeliveries, { timeout: 10_000 }).toBe(1);
  });

  it('refuses webhook deliveries past the plan\'s monthly quota as dead letters that say why', async () => {
    const project = await projectOn('hooks');
    const secret = { key: project.secretKey };
    const receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    servers.push(receiver);
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = await gql(stack.gatewayUrl, 'mutation ($u: String!) { createWebhook(url: $u, topics: ["orders.*"]) { webhook { id } } }', { u: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/` }, secret);
    const webhookId = hook.body.data?.['createWebhook'].webhook.id as string;
    const deliveries = async () =>
      (await gql(stack.gatewayUrl, 'query ($w: ID!) { deliveries(webhookId: $w) { status lastError } }', { w: webhookId }, secret)).body.data?.['deliveries'] as { status: string; lastError: string | null }[];
    const publish = () => gql(stack.gatewayUrl, 'mutation { publish(topic: "orders.paid", payload: { total: 1 }) { id } }', {}, secret);
    expect((await publish()).body.errors).toBeUndefined();
    await expect.poll(async () => (await deliveries()).map((delivery) => delivery.status), { timeout: 10_000 }).toEqual(['SUCCEEDED']);
    expect((await publish()).body.errors).toBeUndefined();
    await expect.poll(async () => (await deliveries()).map((delivery) => delivery.status).sort(), { timeout: 10_000 }).toEqual(['DEAD', 'SUCCEEDED']);
    const dead = (await deliveries()).find((delivery) => delivery.status === 'DEAD');
    expect(dead?.lastError).toMatch(/^QUOTA_EXCEEDED: the project's plan allows 1 webhook deliveries a month/);
  });

  it('prices the invoice from metered usage and checks the period', async () => {
    const project = await projectOn('metered');
    for (let sent = 0; sent < 120; sent += 1) await post(stack.gatewayUrl, project.publishableKey, plansQuery);
    // 120 served + setPlan + the two plan reads in projectOn; each usage read counts too, reaching billing a flush later.
    await expect.poll(async () => (await post(stack.gatewayUrl, project.secretKey, usageQuery)).body.data?.['usage'].requests, { timeout: 10_000 }).toBeGreaterThanOrEqual(123);
    await sleep(600); // the polls' own counts reach billing too: nothing is in flight now
    const period = new Date().toISOString().slice(0, 7);
    const answer = await post(
      stack.gatewayUrl,
      project.secretKey,
      'query ($p: String!) { usage(period: $p) { requests } invoice(period: $p) { period totalCents currency lines { metric quantity unitPriceCents amountCents } } }',
      { p: period },
    );
    const { usage, invoice } = answer.body.data as { usage: { requests: number }; invoice: { lines: unknown[]; totalCents: number } };
    const over = usage.requests - 100; // 100 included, then 1 cent per 10
    expect(over).toBeGreaterThanOrEqual(23);
    expect(invoice.lines).toEqual([
      { metric: 'plan:metered', quantity: 1, unitPriceCents: 1000, amountCents: 1000 },
      { metric: 'requests.overage', quantity: over, unitPriceCents: 0.1, amountCents: Math.round(over / 10) },
    ]);
    expect(invoice).toMatchObject({ period, totalCents: 1000 + Math.round(over / 10), currency: 'USD' });
    const bad = await post(stack.gatewayUrl, project.secretKey, 'query { invoice(period: "2026-13") { totalCents } }');
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect(bad.body.errors?.[0]?.message).toMatch(/YYYY-MM/);
    const forbidden = await post(stack.gatewayUrl, project.publishableKey, usageQuery);
    expect(forbidden.code).toBe('FORBIDDEN');
  });

  it('counts exactly the requests served, across a restart of the whole backend', async () => {
    const project = await projectOn('metered');
    // The gateway's own count of what it let through, around this project's burst (the file's tests
    // run one at a time): a request that failed before admission on a loaded machine is not served.
    const admitted = () => readMetric(stack.gatewayUrl, 'fedbase_gateway_admitted_requests_total');
    const admittedBefore = await admitted();
    const answers = await Promise.all(Array.from({ length: 137 }, (_, index) => post(stack.gatewayUrl, project.publishableKey, `query Op${index % 3} { plans { id } }`)));
    expect(answers.some((answer) => answer.status === 200)).toBe(true);
    const served = 2 + (await admitted()) - admittedBefore; // 2: createProjectOnPlan's setPlan and projectOn's plan read
    // Most of the burst, whatever a loaded machine refused before admission; none past the plan.
    expect(served).toBeGreaterThanOrEqual(100);
    expect(served).toBeLessThanOrEqual(139);
    // SIGTERM: the gateway sends what it still counts before it exits.
    await stack.stop();
    stack = await startStack({ env: billingEnv, dataDir });
    const usage = await post(stack.gatewayUrl, project.secretKey, usageQuery);
    // The read is metered too, when admitted: a flush landing before billing answers it counts it.
    expect([served, served + 1]).toContain(usage.body.data?.['usage'].requests);
  });
});
