import { randomBytes } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDashboardHandler } from '@fedbase/gateway';
import { createSliRecorder, parseSloConfig, type SliRecorder } from '@fedbase/slo';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../support/launch-chromium.ts';

const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));
// Built by `npm run build` (turbo runs it before the tests), as the explorer's bundle is.
const assetsDir = fileURLToPath(new URL('../../apps/gateway/dist/dashboard', import.meta.url));
const adminSecret = randomBytes(16).toString('hex');
const sloConfig = parseSloConfig({
  latency: { operations: { GetProfile: { p95Ms: 150 }, CreatePost: { p95Ms: 300 } } },
});
const sections = [
  'slo-status',
  'error-budget',
  'burn-rates',
  'latency-slos',
  'slowest-fields',
  'subgraphs',
  'rates',
];

// Deterministic "random" latencies: the screenshot and the figures are the same on every run.
function createLatencies(seed: number): (medianMs: number, spread: number) => number {
  let state = seed;
  const uniform = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Log-normal, like real latencies: a median and a long right tail.
  return (medianMs, spread) =>
    medianMs *
    Math.exp(spread * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()));
}

/**
 * Six hours of a small app's traffic, one step per 10 s, ending now: GetProfile and ListPosts,
 * with a few ListPosts failing and more in the last half hour, so the short windows burn faster.
 */
function createBusyRecorder(): SliRecorder {
  const end = Date.now();
  const stepMs = 10_000;
  let simulated: number | undefined = end - 6 * 3_600_000 + stepMs;
  const recorder = createSliRecorder({ now: () => simulated ?? Date.now() });
  const latency = createLatencies(42);
  let listPosts = 0;
  for (let step = 0; simulated <= end; step += 1, simulated += stepMs) {
    const recent = end - simulated < 3_600_000;
    const lastHalfHour = end - simulated < 1_800_000;
    for (let i = 0; i < 3; i += 1) {
      recorder.observeRequest('GetProfile', latency(45, 0.5), true);
      if (recent) {
        recorder.observeSubgraphFetch('identity', latency(14, 0.45), true);
        recorder.observeField('Query.me', latency(2, 0.4), true);
        recorder.observeField('User.email', latency(9, 0.7), true);
        recorder.observeField('User.name', latency(0.4, 0.3), true);
        recorder.observeField('User.avatarUrl', latency(4, 0.5), true);
        recorder.observeField('User.id', latency(0.1, 0.2), true);
      }
    }
    for (let i = 0; i < 2; i += 1) {
      listPosts += 1;
      const ok = listPosts % (lastHalfHour ? 60 : 1000) !== 0;
      recorder.observeRequest('ListPosts', latency(240, 0.55), ok);
      if (recent) {
        recorder.observeSubgraphFetch('data', latency(70, 0.5), ok);
        recorder.observeSubgraphFetch('identity', latency(12, 0.45), true);
        recorder.observeField('Query.posts', latency(48, 0.5), ok);
        recorder.observeField('Post.title', latency(1.2, 0.4), true);
        recorder.observeField('Post.author', latency(11, 0.6), true);
        recorder.observeField('Post.body', latency(0.6, 0.4), true);
        recorder.observeField('Post.comments', latency(22, 0.6), true);
        recorder.observeField('Post.createdAt', latency(0.3, 0.3), true);
        recorder.observeField('User.email', latency(9, 0.7), true);
      }
    }
    for (let i = 0; i < 5; i += 1) recorder.observeThrottle((step * 5 + i) % 250 === 0);
    for (let i = 0; i < 3; i += 1) recorder.observeAuth((step * 3 + i) % 80 !== 0);
    recorder.observeWebhook(step % 400 === 0 ? 'dead' : step % 40 === 0 ? 'failed' : 'succeeded');
  }
  simulated = undefined;
  return recorder;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    })
    .end(JSON.stringify(body));
}

let recorder: SliRecorder;
let warnings: string[] = [];
let server: Server;
let origin: string;
let browser: LaunchedChromium | undefined;
let context: BrowserContext;
let page: Page;
const requested: string[] = [];
const failed: string[] = [];
const pageErrors: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  await stat(join(assetsDir, 'index.html')).catch(() => {
    throw new Error(`${assetsDir} is not built: run \`npm run build -w @fedbase/gateway\` first`);
  });
  recorder = createBusyRecorder();
  const dashboard = createDashboardHandler({ assetsDir });
  // Stands in for the gateway: the dashboard's files, and /slis behind the admin secret.
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === '/slis' && req.method === 'GET') {
      if (req.headers['x-admin-secret'] !== adminSecret)
        return sendJson(res, 401, { error: 'x-admin-secret is missing or wrong' });
      // Shaped as the gateway's: the snapshot plus the sources it could not read.
      return sendJson(res, 200, { ...recorder.snapshot(sloConfig), warnings });
    }
    if (!dashboard(req, res)) sendJson(res, 404, { error: `No route ${req.method} ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  browser = await launchChromium();
  context = browser.context;
  context.on('request', (request) => requested.push(request.url()));
  context.on('requestfailed', (request) =>
    failed.push(`${request.url()} ${request.failure()?.errorText}`),
  );
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // Chromium logs every non-2xx fetch; the refused secret's 401 is the one the test asks for.
    if (message.type() === 'error' && !message.text().includes('status of 401'))
      consoleErrors.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
});

function expectNothingLeftTheOrigin(): void {
  expect(pageErrors).toEqual([]);
  expect(consoleErrors).toEqual([]);
  expect(failed).toEqual([]);
  // data: is the empty favicon, never the network.
  const external = requested.filter(
    (url) => !url.startsWith('data:') && new URL(url).origin !== origin,
  );
  expect(external).toEqual([]);
}

async function waitForSections(): Promise<void> {
  for (const id of sections) await page.getByTestId(id).waitFor({ timeout: 15_000 });
}

it('asks for the admin secret, then shows every section from /slis without a request leaving the origin', async () => {
  await page.goto(`${origin}/dashboard`);
  await page.getByTestId('secret-form').waitFor();
  expect(await page.getByTestId('dashboard').isVisible()).toBe(false);

  await page.getByLabel('Admin secret').fill(adminSecret);
  await page.getByRole('button', { name: 'Show dashboard' }).click();
  await waitForSections();

  expect(await page.getByTestId('secret-form').isVisible()).toBe(false);
  expect(await page.getByTestId('updated').textContent()).toMatch(/^Updated /);
  expect(['OK', 'TICKET', 'PAGE']).toContain(await page.getByTestId('alert-badge').textContent());
  expect(
    await page.getByTestId('slowest-fields').locator('.bar-label').allTextContents(),
  ).toContain('User.email');
  // Eleven fields were timed: the chart keeps the ten slowest.
  expect(await page.getByTestId('slowest-fields').locator('.bar-chart rect.bar').count()).toBe(10);

  const operations = page.getByTestId('latency-slos').getByTestId('latency-slo-row');
  expect(await operations.locator('th').allTextContents()).toEqual([
    'ListPosts',
    'GetProfile',
    'CreatePost',
  ]);
  // ListPosts runs past the 500 ms default: a breach, listed first.
  expect(await operations.first().getAttribute('data-met')).toBe('false');

  const burnRates = page.getByTestId('burn-rates');
  expect(await burnRates.locator('.bar-chart rect.bar').count()).toBe(4);
  expect(await burnRates.locator('line.reference').count()).toBe(2);
  expect(await burnRates.locator('title').allTextContents()).toContainEqual(
    expect.stringMatching(/^Last 5 min: burn rate [1-9]/),
  );
  expect(await page.getByTestId('error-budget').locator('.gauge-figure').textContent()).toMatch(
    /^-?[\d.]+%$/,
  );
  expect(await page.getByTestId('error-budget-figure').textContent()).toMatch(/spent|Overspent/);
  expect(await page.getByTestId('subgraphs').locator('.bar-label').allTextContents()).toEqual([
    'data',
    'identity',
  ]);
  expect(await page.getByTestId('rates').locator('tbody tr').count()).toBe(4);

  expectNothingLeftTheOrigin();
});

it('keeps the secret across a reload (sessionStorage) and draws a full page', async () => {
  await page.reload();
  await waitForSections();
  expect(await page.getByTestId('secret-form').isVisible()).toBe(false);

  await mkdir(resultsDir, { recursive: true });
  const screenshot = join(resultsDir, 'dashboard.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  expect((await stat(screenshot)).size).toBeGreaterThan(0);
  expectNothingLeftTheOrigin();
});

it('asks again, saying why, when the gateway refuses the secret', async () => {
  await page.getByTestId('forget-secret').click();
  await page.getByTestId('secret-form').waitFor();
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

  await page.getByLabel('Admin secret').fill('not-the-secret');
  await page.getByRole('button', { name: 'Show dashboard' }).click();
  const message = page.getByTestId('secret-message');
  await message.filter({ hasText: 'refused' }).waitFor();
  expect(await message.textContent()).toContain('x-admin-secret is missing or wrong');
  expect(await page.getByTestId('dashboard').isVisible()).toBe(false);
  // The refused secret is not kept: a reload asks again instead of retrying it.
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  expectNothingLeftTheOrigin();
});

it('says what to do when there is no traffic yet, and which figures are missing', async () => {
  recorder = createSliRecorder();
  warnings = ['Webhook rates are missing: the events subgraph did not answer.'];
  await page.getByLabel('Admin secret').fill(adminSecret);
  await page.getByRole('button', { name: 'Show dashboard' }).click();
  await waitForSections();
  expect(await page.getByTestId('slo-status').textContent()).toContain(
    'No traffic in the last 6 hours: send a query to /graphql',
  );
  expect(await page.getByTestId('latency-slos').textContent()).toContain(
    'No operations in the last hour',
  );
  expect(await page.getByTestId('slowest-fields').textContent()).toContain(
    'No field timings in the last hour',
  );
  expect(await page.getByTestId('subgraphs').textContent()).toContain(
    'No subgraph fetches in the last hour',
  );
  expect(await page.getByTestId('slo-status').locator('.figure').allTextContents()).toEqual([
    '—',
    '—',
    '—',
    '—',
  ]);
  expect(await page.getByTestId('slis-warnings').textContent()).toContain(
    'Webhook rates are missing',
  );
  expectNothingLeftTheOrigin();
});
