import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuardedLookup, sendWebhook, type SendWebhookInput } from '../../src/webhooks/index.ts';
import { startReceiver, type Receiver } from './start-receiver.ts';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const lookup = createGuardedLookup({ allowPrivateNetworks: true });
const body = JSON.stringify({ type: 'orders.created', timestamp: '2026-01-02T03:04:05.000Z', data: { id: 7 } });

function input(url: string, overrides: Partial<SendWebhookInput> = {}): SendWebhookInput {
  return { url, secret, messageId: randomUUID(), timestamp: new Date(), body, timeoutMs: 2_000, lookup, ...overrides };
}

/** A server on 127.0.0.1 whose handler the test writes in full (slow bodies, huge answers). */
async function startRawServer(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

describe('sendWebhook', () => {
  const disposers: (() => Promise<void>)[] = [];
  const receiver = async (...args: Parameters<typeof startReceiver>): Promise<Receiver> => {
    const started = await startReceiver(...args);
    disposers.push(started.close);
    return started;
  };
  const rawServer = async (handler: Parameters<typeof createServer>[1]) => {
    const started = await startRawServer(handler);
    disposers.push(() => new Promise((resolve) => {
      started.server.closeAllConnections();
      started.server.close(() => resolve());
    }));
    return started;
  };
  afterEach(async () => {
    for (const dispose of disposers.splice(0)) await dispose();
  });

  it('sends a body the receiver verifies with the Standard Webhooks library', async () => {
    const hooks = await receiver();
    const sent = input(hooks.url);
    expect(await sendWebhook(sent)).toEqual({ ok: true, statusCode: 200 });
    const [request] = hooks.requests;
    expect(request?.body).toBe(body);
    expect(new Webhook(secret).verify(request?.body ?? '', request?.headers ?? {})).toEqual(JSON.parse(body));
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Fedbase-Webhooks/1',
      'webhook-id': sent.messageId,
      'webhook-timestamp': String(Math.floor(sent.timestamp.getTime() / 1000)),
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]+=*$/),
    });
  });

  it('reports a non-2xx answer with its status and the start of its body', async () => {
    const hooks = await receiver(() => 503);
    expect(await sendWebhook(input(hooks.url))).toEqual({ ok: false, statusCode: 503, error: 'the receiver answered 503: answer 503' });
  });

  it('does not follow redirects', async () => {
    const { url } = await rawServer((req, res) => {
      req.resume();
      res.writeHead(307, { location: '/elsewhere' }).end();
    });
    const result = await sendWebhook(input(url));
    expect(result).toMatchObject({ ok: false, statusCode: 307, error: expect.stringMatching(/redirects are not followed/) });
  });

  it('gives up on a receiver that never answers once the timeout has passed', async () => {
    const hooks = await receiver(() => 'hang');
    const startedAt = Date.now();
    expect(await sendWebhook(input(hooks.url, { timeoutMs: 150 }))).toEqual({ ok: false, error: 'no complete response within 150 ms' });
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it('counts a response body that never ends against the timeout', async () => {
    const { url } = await rawServer((req, res) => {
      req.resume();
      res.writeHead(200);
      res.write('still thinking');
    });
    expect(await sendWebhook(input(url, { timeoutMs: 150 }))).toMatchObject({ ok: false, error: 'no complete response within 150 ms' });
  });

  it('reads no more than a few KiB of a large answer', async () => {
    const { url } = await rawServer((req, res) => {
      req.resume();
      res.writeHead(200);
      // far more than is read; the connection is dropped after the first few KiB
      const chunk = 'x'.repeat(64 * 1024);
      const pump = () => {
        while (res.write(chunk));
      };
      res.on('drain', pump);
      pump();
    });
    expect(await sendWebhook(input(url, { timeoutMs: 1_000 }))).toEqual({ ok: true, statusCode: 200 });
  });

  it('returns connection failures without throwing, and without the secret', async () => {
    const { server, url } = await startRawServer(() => {});
    await new Promise((resolve) => server.close(resolve));
    const result = await sendWebhook(input(url));
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/ECONNREFUSED/) });
    expect(result.error).not.toContain(secret.slice(6));
  });

  it('refuses to connect to a name resolving to a loopback address through the guarded lookup', async () => {
    const hooks = await receiver();
    const result = await sendWebhook(input(`http://localhost:${hooks.port}/hook`, { lookup: createGuardedLookup({ allowPrivateNetworks: false }) }));
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/loopback address.*WEBHOOK_ALLOW_PRIVATE_NETWORKS=true/) });
    expect(hooks.requests).toHaveLength(0);
  });
});
