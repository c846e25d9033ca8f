import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { sendFile, sendUncachedText, serveAsset } from '../static-assets/index.ts';

export interface DashboardHandlerOptions {
  /** The Vite build output holding `index.html` and `assets/` (apps/gateway/dist/dashboard). */
  assetsDir: string;
}

/** Answers a request and returns true, or returns false to let the gateway handle it. */
export type DashboardHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const pagePaths = new Set(['/dashboard', '/dashboard/']);
const assetPrefix = '/dashboard/';
const notBuilt = 'The dashboard is not built: run `npm run build` and restart the gateway.\n';
// The page holds the operator's admin secret: it may talk to its own origin only, load nothing
// from elsewhere, never be framed (clickjacking) and never submit the form natively (which would
// put the secret in a URL). The bundle has no inline script or style, so nothing needs unsafe-inline.
const contentSecurityPolicy = [
  "default-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the SLO dashboard: the page on `GET /dashboard` (and `/dashboard/`), never cached so a
 * new build shows at once, and its hashed bundle under `/dashboard/assets/`. The figures come
 * from `GET /slis`, which the gateway serves behind the admin secret; this handler serves files only.
 */
export function createDashboardHandler(options: DashboardHandlerOptions): DashboardHandler {
  const { assetsDir } = options;
  const indexPath = join(assetsDir, 'index.html');

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const rawPath = (req.url ?? '/').split('?', 1)[0] ?? '/';

    if (pagePaths.has(rawPath)) {
      void sendFile(req, res, {
        filePath: indexPath,
        cacheControl: 'no-cache',
        headers: { 'content-security-policy': contentSecurityPolicy },
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
