import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExplorerHandler } from './create-explorer-handler.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// Raw http.request, not fetch: fetch normalises `..` segments and would hide traversal attempts.
function get(port: number, path: string, accept?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: accept ? { accept } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function listen(assetsDir: string): Promise<Server> {
  const handle = createExplorerHandler({ assetsDir });
  const server = createServer((req, res) => {
    // Stands in for the gateway: whatever the explorer declines is a GraphQL request.
    if (!handle(req, res))
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('createExplorerHandler', () => {
  let root: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fedbase-explorer-'));
    const assetsDir = join(root, 'dist', 'explorer');
    await mkdir(join(assetsDir, 'assets'), { recursive: true });
    await writeFile(join(assetsDir, 'index.html'), '<!doctype html><title>explorer</title>');
    await writeFile(join(assetsDir, 'assets', 'index-AbCd1234.js'), 'console.log(1)');
    await writeFile(join(root, 'package.json'), '{"secret":true}');
    await writeFile(join(root, 'dist', 'package.json'), '{"secret":true}');
    server = await listen(assetsDir);
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(root, { recursive: true, force: true });
  });

  it('serves the explorer page to a browser opening /graphql', async () => {
    const reply = await get(port, '/graphql', browserAccept);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('no-cache');
    expect(reply.body).toContain('<title>explorer</title>');
  });

  it('leaves /graphql to the gateway for clients that accept JSON or anything', async () => {
    for (const accept of [
      'application/json',
      'application/graphql-response+json, application/json',
      '*/*',
      undefined,
    ]) {
      const reply = await get(port, '/graphql', accept);
      expect(reply.body, `accept: ${accept}`).toBe('{"data":{}}');
    }
  });

  it('serves a hashed asset with its content type and an immutable cache policy', async () => {
    const reply = await get(port, '/explorer/assets/index-AbCd1234.js');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(reply.body).toBe('console.log(1)');
  });

  it('answers 404 for an asset that does not exist', async () => {
    for (const path of ['/explorer/assets/missing-AbCd1234.js', '/explorer/', '/explorer/assets']) {
      const reply = await get(port, path);
      expect(reply.status, path).toBe(404);
    }
  });

  it('refuses paths that climb out of the assets directory', async () => {
    for (const path of [
      '/explorer/../package.json',
      '/explorer/../../package.json',
      '/explorer/%2e%2e/%2e%2e/package.json',
      '/explorer/%2E%2E%2Fpackage.json',
      '/explorer/..%2f..%2fpackage.json',
      '/explorer/%2Fetc%2Fpasswd',
      '/explorer/%00',
      '/explorer/%E0%A4%A',
    ]) {
      const reply = await get(port, path);
      expect(reply.status, path).toBe(404);
      expect(reply.body, path).not.toContain('secret');
    }
  });

  it('tells to run the build when the bundle is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'fedbase-explorer-empty-'));
    const bare = await listen(empty);
    try {
      const reply = await get((bare.address() as AddressInfo).port, '/graphql', browserAccept);
      expect(reply.status).toBe(503);
      expect(reply.body).toContain('npm run build');
    } finally {
      await new Promise((resolve) => bare.close(resolve));
      await rm(empty, { recursive: true, force: true });
    }
  });
});
