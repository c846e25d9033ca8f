import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ObjectTooLargeError, type WriteResult } from './object-store.ts';

/**
 * Passes bytes through unchanged while counting them and hashing them with SHA-256, and fails with
 * ObjectTooLargeError on the chunk that takes the count past `maxBytes`, before passing it on. It
 * holds nothing beyond the usual stream buffers, so the limit works on bodies of any size.
 *
 * It deliberately has no `size` or `length` property: lib-storage's Upload reads those on its body
 * as the total length to expect, and would fail the upload when the parts do not add up to it.
 */
export class HashAndLimit extends Transform {
  readonly #hash = createHash('sha256');
  #bytes = 0;
  #sha256: string | undefined;

  constructor(readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#bytes += chunk.length;
    if (this.#bytes > this.maxBytes) {
      callback(new ObjectTooLargeError(this.maxBytes));
      return;
    }
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.#sha256 = this.#hash.digest('hex');
    callback();
  }

  /** Bytes taken in so far. */
  get bytesSeen(): number {
    return this.#bytes;
  }

  /** Size and SHA-256 of the whole body; only once it has all passed. */
  get result(): WriteResult {
    if (this.#sha256 === undefined) throw new Error('HashAndLimit.result was read before the body ended.');
    return { size: this.#bytes, sha256: this.#sha256 };
  }
}
