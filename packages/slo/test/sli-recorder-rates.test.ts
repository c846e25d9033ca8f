import { describe, expect, it } from 'vitest';
import { createSliRecorder, parseSloConfig, type WebhookOutcome } from '../src/index.ts';
import { MINUTE, createRecorderWithClock, sendRequests } from './fake-clock.ts';

describe('auth, throttle and webhook rates', () => {
  it('reports each rate per window, and null over a window that saw none', () => {
    const { recorder, advance } = createRecorderWithClock();
    for (const ok of [true, true, true, false]) recorder.observeAuth(ok);
    for (const throttled of [true, false, false, false]) recorder.observeThrottle(throttled);
    const outcomes: WebhookOutcome[] = [...Array<WebhookOutcome>(6).fill('succeeded'), 'failed', 'failed', 'dead', 'dead'];
    for (const outcome of outcomes) recorder.observeWebhook(outcome);
    advance(10 * MINUTE);
    const snapshot = recorder.snapshot();
    expect(snapshot.authSuccessRate).toEqual({ '5m': null, '30m': 0.75, '1h': 0.75, '6h': 0.75 });
    expect(snapshot.throttleRate).toEqual({ '5m': null, '30m': 0.25, '1h': 0.25, '6h': 0.25 });
    expect(snapshot.webhookSuccessRate['30m']).toBe(0.6);
    expect(snapshot.deadLetterRate['30m']).toBe(0.25);
  });
});

describe('snapshot', () => {
  it('is plain JSON: a round trip through JSON.stringify changes nothing', () => {
    const { recorder } = createRecorderWithClock();
    sendRequests(recorder, 100, 3);
    recorder.observeSubgraphFetch('identity', 12, true);
    recorder.observeField('User.email', 0.4, true);
    recorder.observeAuth(true);
    const snapshot = recorder.snapshot(parseSloConfig({ latency: { operations: { GetPosts: { p95Ms: 10 } } } }));
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot.generatedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(snapshot.windows).toEqual(['5m', '30m', '1h', '6h']);
  });

  it('keeps operation names such as __proto__ as plain keys', () => {
    const { recorder } = createRecorderWithClock();
    recorder.observeRequest('__proto__', 5, true);
    const { latency, slo } = recorder.snapshot();
    expect(Object.keys(latency.operations)).toEqual(['__proto__']);
    expect(Object.keys(slo.latency)).toEqual(['__proto__']);
  });

  it('refuses bucket widths that are not positive', () => {
    expect(() => createSliRecorder({ bucketSeconds: 0 })).toThrow(/bucketSeconds/);
    expect(() => createSliRecorder({ histogramBucketSeconds: Number.NaN })).toThrow(/histogramBucketSeconds/);
    expect(() => createSliRecorder({ maxKeys: -1 })).toThrow(/maxKeys/);
  });
});
