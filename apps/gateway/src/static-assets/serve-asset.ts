import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { resolveAssetPath } from './resolve-asset-path.ts';
import { sendFile } from './send-file.ts';
import { sendUncachedText } from './send-uncached-text.ts';

export interface ServeAssetOptions {
  /** The Vite build output the file must stay inside. */
  assetsDir: string;
  /** The raw (still percent-encoded) URL path after the bundle's prefix, e.g. `assets/index-AbCd1234.js`. */
  encodedPath: string;
}

// Vite names every emitted asset `<name>-<8-char content hash>.<ext>`: safe to cache forever.
const hashedName = /-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$/;
const notFound = 'Not found\n';

/** Answers one file of a static bundle: 404 when missing or outside it, hashed names cached for good. */
export function serveAsset(
  req: IncomingMessage,
  res: ServerResponse,
  options: ServeAssetOptions,
): void {
  const filePath = resolveAssetPath(options.assetsDir, options.encodedPath);
  if (filePath === undefined) {
    sendUncachedText(res, 404, notFound);
    return;
  }
  const cacheControl = hashedName.test(basename(filePath))
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
  void sendFile(req, res, {
    filePath,
    cacheControl,
    onMissing: () => sendUncachedText(res, 404, notFound),
  });
}
