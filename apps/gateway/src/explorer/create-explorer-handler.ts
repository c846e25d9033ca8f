import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { contentTypeFor } from './content-type-for.ts';
import { prefersHtml } from './prefers-html.ts';
import { resolveAssetPath } from './resolve-asset-path.ts';

export interface ExplorerHandlerOptions {
  /** The Vite build output holding `index.html` and `assets/` (see `explorerAssetsDir`). */
  assetsDir: string;
}

/** Answers a request and returns true, or returns false to let the gateway handle it. */
export type ExplorerHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const assetPrefix = '/explorer/';
// Vite names every emitted asset `<name>-<8-char content hash>.<ext>`: safe to cache forever.
const hashedName = /-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$/;
const notBuilt =
  'The GraphQL explorer is not built: run `npm run build` and restart the gateway.\n';

/**
 * Serves the GraphiQL explorer: the page on `GET /graphql` for browsers (API clients on the same
 * URL fall through to the gateway), and its static bundle under `/explorer/`.
 */
export function createExplorerHandler(options: ExplorerHandlerOptions): ExplorerHandler {
  const { assetsDir } = options;
  const indexPath = join(assetsDir, 'index.html');

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const rawPath = (req.url ?? '/').split('?', 1)[0] ?? '/';

    if (rawPath === '/graphql' && prefersHtml(req.headers.accept)) {
      void sendFile(req, res, indexPath, 'no-cache', () => sendText(res, 503, notBuilt));
      return true;
    }
    if (rawPath.startsWith(assetPrefix)) {
      const filePath = resolveAssetPath(assetsDir, rawPath.slice(assetPrefix.length));
      if (filePath === undefined) {
        sendText(res, 404, 'Not found\n');
        return true;
      }
      const cacheControl = hashedName.test(basename(filePath))
        ? 'public, max-age=31536000, immutable'
        : 'no-cache';
      void sendFile(req, res, filePath, cacheControl, () => sendText(res, 404, 'Not found\n'));
      return true;
    }
    return false;
  };
}

async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  filePath: string,
  cacheControl: string,
  onMissing: () => void,
): Promise<void> {
  const stats = await stat(filePath).catch(() => undefined);
  if (!stats?.isFile()) return onMissing();
  res.writeHead(200, {
    'content-type': contentTypeFor(filePath),
    'content-length': stats.size,
    'cache-control': cacheControl,
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // A client that goes away mid-download rejects the pipeline; nothing is left to answer.
  await pipeline(createReadStream(filePath), res).catch(() => res.destroy());
}

function sendText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-cache',
  });
  res.end(body);
}
