import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardHandler } from './create-dashboard-handler.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// Raw http.request, not fetch: fetch normalises `..` segments and would hide traversal attempts.
function send(port: number, path: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const fallThrough = '{"error":"gateway"}';

async function listen(assetsDir: string): Promise<Server> {
  const handle = createDashboardHandler({ assetsDir });
  const server = createServer((req, res) => {
    // Stands in for the gateway: whatever the dashboard declines is someone else's route.
    if (!handle(req, res))
      res.writeHead(404, { 'content-type': 'application/json' }).end(fallThrough);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

describe('createDashboardHandler', () => {
  let root: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fedbase-dashboard-'));
    const assetsDir = join(root, 'dist', 'dashboard');
    await mkdir(join(assetsDir, 'assets'), { recursive: true });
    await writeFile(join(assetsDir, 'index.html'), '<!doctype html><title>dashboard</title>');
    await writeFile(join(assetsDir, 'assets', 'index-AbCd1234.js'), 'console.log(1)');
    await writeFile(join(assetsDir, 'assets', 'index-EfGh5678.css'), 'body{}');
    await writeFile(join(root, 'package.json'), '{"secret":true}');
    server = await listen(assetsDir);
    port = portOf(server);
  });

  afterAll(async () => {
    await close(server);
    await rm(root, { recursive: true, force: true });
  });

  it('serves the page at /dashboard and /dashboard/, never cached, locked to its own origin', async () => {
    for (const path of ['/dashboard', '/dashboard/', '/dashboard?refresh=1']) {
      const reply = await send(port, path);
      expect(reply.status, path).toBe(200);
      expect(reply.headers['content-type'], path).toBe('text/html; charset=utf-8');
      expect(reply.headers['cache-control'], path).toBe('no-cache');
      expect(reply.headers['content-security-policy'], path).toContain("default-src 'self'");
      expect(reply.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(reply.body, path).toContain('<title>dashboard</title>');
    }
  });

  it('answers HEAD with the headers and no body', async () => {
    const reply = await send(port, '/dashboard', 'HEAD');
    expect(reply.status).toBe(200);
    expect(Number(reply.headers['content-length'])).toBeGreaterThan(0);
    expect(reply.body).toBe('');
  });

  it('serves hashed assets with their content type and an immutable cache policy', async () => {
    const script = await send(port, '/dashboard/assets/index-AbCd1234.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.body).toBe('console.log(1)');
    const style = await send(port, '/dashboard/assets/index-EfGh5678.css');
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for assets that do not exist or climb out of the bundle', async () => {
    for (const path of [
      '/dashboard/assets/missing-AbCd1234.js',
      '/dashboard/assets',
      '/dashboard/../package.json',
      '/dashboard/%2e%2e/%2e%2e/package.json',
      '/dashboard/..%2f..%2fpackage.json',
    ]) {
      const reply = await send(port, path);
      expect(reply.status, path).toBe(404);
      expect(reply.headers['cache-control'], path).toBe('no-cache');
      expect(reply.body, path).not.toContain('secret');
    }
  });

  it('leaves every other path and method to the gateway', async () => {
    for (const [method, path] of [
      ['GET', '/graphql'],
      ['GET', '/dashboards'],
      ['GET', '/slis'],
      ['POST', '/dashboard'],
      ['DELETE', '/dashboard/assets/index-AbCd1234.js'],
    ] as const) {
      const reply = await send(port, path, method);
      expect(reply.body, `${method} ${path}`).toBe(fallThrough);
    }
  });

  it('tells to run the build when the bundle is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'fedbase-dashboard-empty-'));
    const bare = await listen(empty);
    try {
      const reply = await send(portOf(bare), '/dashboard');
      expect(reply.status).toBe(503);
      expect(reply.headers['cache-control']).toBe('no-cache');
      expect(reply.body).toBe(
        'The dashboard is not built: run `npm run build` and restart the gateway.\n',
      );
    } finally {
      await close(bare);
      await rm(empty, { recursive: true, force: true });
    }
  });
});
