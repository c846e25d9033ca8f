import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import Negotiator from 'negotiator';

/** Below this, compressing costs more CPU than the bytes it saves are worth. */
const minimumBytes = 1_024;

const compressors = {
  // Quality 4: close to gzip's size at a fraction of brotli's default (11) CPU, which is meant for static files.
  br: (body: string) => promisify(brotliCompress)(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(body) } }),
  gzip: (body: string) => promisify(gzip)(body, { level: 6 }),
};

export type ContentEncoding = keyof typeof compressors;

/**
 * The encoding to answer `req` in: brotli or gzip when the client asks for it in Accept-Encoding
 * (negotiated with its q-values) and the body is worth compressing; none otherwise. A client that
 * does not ask never pays for compression, and a same-host benchmark or an app behind a proxy
 * that compresses is not slowed down by it.
 */
export function encodingFor(req: IncomingMessage, bodyBytes: number): ContentEncoding | undefined {
  if (bodyBytes < minimumBytes || !req.headers['accept-encoding']) return undefined;
  const chosen = new Negotiator(req).encoding(['br', 'gzip', 'identity']);
  return chosen === 'br' || chosen === 'gzip' ? chosen : undefined;
}

/** Compresses a response body off the event loop (zlib's thread pool). */
export function compressBody(body: string, encoding: ContentEncoding): Promise<Buffer> {
  return compressors[encoding](body);
}
