import { createSliRecorder, type SliRecorder, type SliRecorderOptions } from '../src/index.ts';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** A recorder on a clock that only moves when the test says, starting on a bucket boundary. */
export function createRecorderWithClock(options: Omit<SliRecorderOptions, 'now'> = {}): {
  recorder: SliRecorder;
  advance(ms: number): void;
} {
  let clock = Date.UTC(2026, 0, 1);
  return { recorder: createSliRecorder({ ...options, now: () => clock }), advance: (ms) => void (clock += ms) };
}

/** `total` requests of one operation, the first `failed` of them failing. */
export function sendRequests(recorder: SliRecorder, total: number, failed = 0, operation = 'GetPosts', durationMs = 20): void {
  for (let i = 0; i < total; i += 1) recorder.observeRequest(operation, durationMs, i >= failed);
}
