import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { sendFile, sendUncachedText, serveAsset } from '../static-assets/index.ts';
import { prefersHtml } from './prefers-html.ts';

export interface ExplorerHandlerOptions {
  /** The Vite build output holding `index.html` and `assets/` (see `explorerAssetsDir`). */
  assetsDir: string;
}

/** Answers a request and returns true, or returns false to let the gateway handle it. */
export type ExplorerHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const assetPrefix = '/explorer/';
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
      void sendFile(req, res, {
        filePath: indexPath,
        cacheControl: 'no-cache',
        onMissing: () => sendUncachedText(res, 503, notBuilt),
      });
      return true;
    }
    if (rawPath.startsWith(assetPrefix)) {
      serveAsset(req, res, { assetsDir, encodedPath: rawPath.slice(assetPrefix.length) });
      return true;
    }
    return false;
  };
}
