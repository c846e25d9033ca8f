import type { Readable } from 'node:stream';

/** What a completed write stored. */
export interface WriteResult {
  size: number;
  /** Lowercase hex SHA-256 of the stored bytes, computed as they streamed through. */
  sha256: string;
}

export interface WriteOptions {
  contentType: string;
  /** The write fails with ObjectTooLargeError as soon as the body passes this many bytes. */
  maxBytes: number;
  /** Aborting fails the write with `signal.reason` (an AbortError unless given another), leaving nothing behind. */
  signal?: AbortSignal;
}

/** Bytes `start` to `end`, both included and counted from 0, as in an HTTP `Range` header. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The bytes of the files subgraph. Keys are ids the service chooses (`assertStorageKey`), never
 * names a user typed. Metadata (names, owners, status) lives in the database, not here.
 */
export interface ObjectStore {
  /**
   * Streams `body` into the store; the object appears at `key` only once complete and hashed,
   * replacing any object already there in one step. On any failure (source error, over
   * `maxBytes`, abort) nothing is left behind and an object already at `key` stays as it was.
   * `body` is read but never destroyed: on failure the store stops reading it and the caller
   * decides, because destroying an HTTP request also destroys its socket, and with it the 413
   * the route still has to send.
   */
  write(key: string, body: Readable, options: WriteOptions): Promise<WriteResult>;
  /**
   * A stream of the object, or of the bytes of `range`; a range ending past the object is cut at
   * its end. Throws ObjectNotFoundError, or RangeError when `range` starts at or past the end.
   * Consume or destroy the stream: it holds a file or a connection until then.
   */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Size of a stored object, or null. */
  stat(key: string): Promise<{ size: number } | null>;
  /** Idempotent. */
  delete(key: string): Promise<void>;
  /**
   * Removes leftovers of writes that never finished (a crashed process) older than `olderThanMs`;
   * returns how many. A write still running is one of them too if it has been silent that long,
   * so keep the threshold well above the longest upload (an hour or more).
   */
  sweepIncomplete(olderThanMs: number): Promise<number>;
  close(): Promise<void>;
}

/** The body passed the write's `maxBytes`; an upload route answers 413. */
export class ObjectTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The object is larger than the limit of ${limitBytes} bytes.`);
    this.name = 'ObjectTooLargeError';
  }
}

/** No object is stored at `key`. */
export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No object is stored at ${key}.`);
    this.name = 'ObjectNotFoundError';
  }
}
