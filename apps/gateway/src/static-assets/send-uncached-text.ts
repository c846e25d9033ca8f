import type { ServerResponse } from 'node:http';

/**
 * A plain-text answer the browser must not keep: a 404 or a "not built" 503 cached by the
 * browser would outlive the build that fixes it.
 */
export function sendUncachedText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-cache',
  });
  res.end(body);
}
