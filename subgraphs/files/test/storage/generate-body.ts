import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

export const MiB = 1024 * 1024;
const chunkBytes = 64 * 1024;

export interface GenerateBodyOptions {
  /** Fails the stream with an error once this many bytes have been produced. */
  failAfterBytes?: number;
  /** Called after each chunk with the bytes produced so far. */
  onProgress?: (producedBytes: number) => void;
}

export interface GeneratedBody {
  stream: Readable;
  /** Bytes handed to the stream so far. */
  readonly producedBytes: number;
  /** SHA-256 (hex) of everything produced, computed alongside; complete once the stream has ended. */
  sha256(): string;
}

/**
 * A body of `totalBytes` made on demand in 64 KiB chunks, each a fresh buffer numbered in its
 * first bytes (so a store that reorders or repeats chunks changes the hash), never held whole.
 */
export function generateBody(totalBytes: number, { failAfterBytes, onProgress }: GenerateBodyOptions = {}): GeneratedBody {
  const hash = createHash('sha256');
  let producedBytes = 0;
  let index = 0;
  const stream = new Readable({
    read() {
      if (failAfterBytes !== undefined && producedBytes >= failAfterBytes) {
        this.destroy(new Error('the source failed midway'));
        return;
      }
      if (producedBytes >= totalBytes) {
        this.push(null);
        return;
      }
      const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, totalBytes - producedBytes)).fill(index % 251);
      if (chunk.length >= 4) chunk.writeUInt32BE(index);
      index += 1;
      producedBytes += chunk.length;
      hash.update(chunk);
      this.push(chunk);
      onProgress?.(producedBytes);
    },
  });
  let digest: string | undefined;
  return {
    stream,
    get producedBytes() {
      return producedBytes;
    },
    sha256: () => (digest ??= hash.digest('hex')),
  };
}
