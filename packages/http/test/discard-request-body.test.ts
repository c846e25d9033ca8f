import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { discardRequestBody, sendJson } from '../src/index.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A server that refuses every upload at once, before reading its body. */
async function startRefusingServer(options: Parameters<typeof discardRequestBody>[1] = {}): Promise<string> {
  server = createServer((req, res) => {
    discardRequestBody(req, options);
    sendJson(res, 413, { error: 'too large' });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** Streams `chunks` of 16 KiB without a length and resolves with the status, or rejects on a reset. */
function upload(url: string, chunks: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' } });
    req.once('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.once('error', reject);
    let sent = 0;
    const write = () => {
      while (sent < chunks) {
        sent += 1;
        if (!req.write(randomBytes(16_384))) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe('discardRequestBody', () => {
  it('lets a client that is still sending read an early answer, every time', async () => {
    const url = await startRefusingServer();
    const statuses = await Promise.all(Array.from({ length: 20 }, () => upload(url, 40)));
    expect(statuses).toEqual(Array.from({ length: 20 }, () => 413));
  });

  it('closes the connection once the client sends more than the bound, without reading the rest', async () => {
    const url = await startRefusingServer({ maxBytes: 64 * 1024 });
    const closed = new Promise<number>((resolve) => server!.once('connection', (socket) => socket.once('close', () => resolve(socket.bytesRead))));
    await upload(url, 1_000).catch(() => 0);
    // 16 MB were on their way; the server stopped well before.
    expect(await closed).toBeLessThan(4 * 1024 * 1024);
  });
});
