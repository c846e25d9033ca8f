import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from '@fedbase/testing';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../support/launch-chromium.ts';

const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));

let stack: Awaited<ReturnType<typeof startStack>>;
let browser: LaunchedChromium | undefined;
let context: BrowserContext;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchChromium();
  context = browser.context;
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

it('runs a query in the explorer served at /graphql without any request leaving the gateway', async () => {
  const gatewayOrigin = new URL(stack.gatewayUrl).origin;
  const requested: string[] = [];
  const failed: string[] = [];
  // On the context, not the page, so requests from Monaco's web workers are counted too.
  context.on('request', (request) => requested.push(request.url()));
  context.on('requestfailed', (request) =>
    failed.push(`${request.url()} ${request.failure()?.errorText}`),
  );
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('websocket', (socket) => requested.push(socket.url()));
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto(`${stack.gatewayUrl}/graphql`);
  const operationEditor = page.locator('.graphiql-query-editor .monaco-editor').first();
  await operationEditor.waitFor({ timeout: 30_000 });

  await operationEditor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // insertText, not type: typing `{` would let Monaco auto-close brackets and double them.
  await page.keyboard.insertText('{ plans { id name } }');
  await page.locator('.graphiql-execute-button').click();
  await page.locator('.result-window').filter({ hasText: '"unlimited"' }).waitFor({ timeout: 30_000 });

  await mkdir(resultsDir, { recursive: true });
  await page.screenshot({ path: join(resultsDir, 'explorer.png') });

  expect(pageErrors).toEqual([]);
  expect(failed).toEqual([]);
  const external = requested.filter((url) => {
    const { protocol } = new URL(url);
    // data: and blob: never touch the network (inlined fonts, worker bootstraps).
    if (protocol === 'data:' || protocol === 'blob:') return false;
    const origin = new URL(url.replace(/^ws(s?):/, 'http$1:')).origin;
    return origin !== gatewayOrigin;
  });
  expect(external).toEqual([]);
  expect(requested.length).toBeGreaterThan(0);
});
