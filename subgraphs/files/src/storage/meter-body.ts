import { finished, type Readable } from 'node:stream';
import { HashAndLimit } from './hash-and-limit.ts';

export interface MeteredBody {
  /** The body as it passes the hash and the limit: the one stream a store reads. */
  stream: HashAndLimit;
  /** Stops reading the body, drops the listeners and destroys `stream`; once the write has settled. */
  release(): void;
}

/**
 * Pipes `body` through a HashAndLimit and turns everything that should end the write into an error
 * of that one stream: an error or premature close of `body` (a client that went away), and an
 * abort of `signal`. `body` itself is never destroyed, since it belongs to the caller (see
 * ObjectStore.write). Throws `signal.reason` at once when the signal has already been aborted.
 */
export function meterBody(body: Readable, { maxBytes, signal }: { maxBytes: number; signal?: AbortSignal | undefined }): MeteredBody {
  signal?.throwIfAborted();
  const stream = new HashAndLimit(maxBytes);
  const fail = (error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error), { cause: error }));
  const stopWatching = finished(body, { writable: false }, (error) => {
    if (error) fail(error);
  });
  const onAbort = () => fail(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  body.pipe(stream);
  return {
    stream,
    release() {
      body.unpipe(stream);
      stopWatching();
      signal?.removeEventListener('abort', onAbort);
      stream.destroy();
    },
  };
}
