import type { Header } from './random-credentials.ts';

/** One request as the fuzzer sends it: duplicate headers allowed, the body as raw bytes. */
export interface FuzzRequest {
  /** What generated it, for the tallies and the reproducer. */
  readonly kind: string;
  readonly method: string;
  readonly path: string;
  readonly headers: readonly Header[];
  readonly body?: Buffer;
}
