import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { contentTypeFor } from './content-type-for.ts';

export interface SendFileOptions {
  filePath: string;
  cacheControl: string;
  /** Called instead of answering when `filePath` is not a regular file. */
  onMissing: () => void;
  /** Sent on top of the content headers (a page's Content-Security-Policy, say). @default {} */
  headers?: OutgoingHttpHeaders;
}

/** Streams one file of a static bundle, or only its headers for HEAD. */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  options: SendFileOptions,
): Promise<void> {
  const { filePath, cacheControl, onMissing, headers = {} } = options;
  const stats = await stat(filePath).catch(() => undefined);
  if (!stats?.isFile()) return onMissing();
  res.writeHead(200, {
    ...headers,
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
