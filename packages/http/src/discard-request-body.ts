import type { IncomingMessage } from 'node:http';

export interface DiscardRequestBodyOptions {
  /** Past this many more bytes the connection is closed anyway. @default 16 MiB */
  maxBytes?: number;
  /** Past this long the connection is closed anyway. @default 10 s */
  maxMs?: number;
}

/**
 * After answering before the body was read (a 413 in the middle of an upload), reads and drops
 * what the client still sends instead of closing at once: closing a socket with unread bytes makes
 * the kernel reset the connection, and a reset can destroy the answer on the client's side before
 * it is read (HTTP servers call this a lingering close). An endless body is cut off by the bounds.
 */
export function discardRequestBody(req: IncomingMessage, { maxBytes = 16 * 1024 * 1024, maxMs = 10_000 }: DiscardRequestBodyOptions = {}): void {
  if (req.complete || req.destroyed) return;
  let discarded = 0;
  const timer = setTimeout(() => req.destroy(), maxMs);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxBytes) req.destroy();
  });
  req.once('close', () => clearTimeout(timer));
  req.resume();
}
