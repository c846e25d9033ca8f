import { describe, expect, it } from 'vitest';
import { OTHER_KEY, RELATIVE_ERROR, parseSloConfig } from '../src/index.ts';
import { HOUR, MINUTE, createRecorderWithClock, sendRequests } from './fake-clock.ts';

describe('latency', () => {
  it('reports p50, p95 and p99 per operation, subgraph and field over the last hour', () => {
    const { recorder } = createRecorderWithClock();
    for (let ms = 1; ms <= 1000; ms += 1) {
      recorder.observeRequest('GetPosts', ms, ms !== 1000);
      recorder.observeSubgraphFetch('data', ms, true);
      recorder.observeField('User.email', ms, true);
    }
    const { latency } = recorder.snapshot();
    expect(latency.window).toBe('1h');
    for (const summary of [latency.operations.GetPosts, latency.subgraphs.data, latency.fields['User.email']]) {
      expect(summary?.count).toBe(1000);
      for (const [estimate, exact] of [[summary!.p50, 500], [summary!.p95, 950], [summary!.p99, 990]] as const) {
        expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(RELATIVE_ERROR);
      }
    }
    expect(latency.operations.GetPosts?.errors).toBe(1);
  });

  it('forgets latency older than an hour', () => {
    const { recorder, advance } = createRecorderWithClock();
    recorder.observeRequest('GetPosts', 900, true);
    advance(59 * MINUTE);
    recorder.observeRequest('GetPosts', 10, true);
    expect(recorder.snapshot().latency.operations.GetPosts?.count).toBe(2);
    advance(2 * MINUTE);
    expect(recorder.snapshot().latency.operations.GetPosts).toMatchObject({ count: 1, p99: expect.closeTo(10, 0) });
    advance(HOUR);
    expect(recorder.snapshot().latency.operations).toEqual({});
  });

  it('judges each operation\'s p95 against its own target, else the default', () => {
    const { recorder } = createRecorderWithClock();
    sendRequests(recorder, 100, 0, 'GetPosts', 300);
    sendRequests(recorder, 100, 0, 'ListUsers', 300);
    sendRequests(recorder, 100, 0, 'Search', 700);
    const config = parseSloConfig({ latency: { operations: { GetPosts: { p95Ms: 200 }, Unused: { p95Ms: 50 } } } });
    const { latency } = recorder.snapshot(config).slo;
    expect(latency.GetPosts).toMatchObject({ targetP95Ms: 200, met: false });
    expect(latency.ListUsers).toMatchObject({ targetP95Ms: 500, met: true });
    expect(latency.Search).toMatchObject({ targetP95Ms: 500, met: false });
    expect(latency.Unused).toEqual({ targetP95Ms: 50, p95Ms: null, met: true });
    expect(Math.abs(latency.GetPosts!.p95Ms! - 300) / 300).toBeLessThanOrEqual(RELATIVE_ERROR);
  });

  it('lists the ten slowest fields by p95, slowest first', () => {
    const { recorder } = createRecorderWithClock();
    // 30% apart, so no two fields share a histogram bin (bins are 10.5% wide).
    for (let i = 1; i <= 15; i += 1) recorder.observeField(`Type.field${i}`, 10 * 1.3 ** i, true);
    const slowest = recorder.snapshot().slowestFields;
    expect(slowest.map((field) => field.typeField)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Type.field${15 - i}`),
    );
    expect(Math.abs(slowest[0]!.p95 - 10 * 1.3 ** 15) / (10 * 1.3 ** 15)).toBeLessThanOrEqual(RELATIVE_ERROR);
  });
});

describe('key cap', () => {
  it('counts names past maxKeys as other', () => {
    const { recorder } = createRecorderWithClock({ maxKeys: 2 });
    for (const operation of ['A', 'B', 'C', 'D', 'A']) recorder.observeRequest(operation, 5, true);
    const { operations } = recorder.snapshot().latency;
    expect(Object.keys(operations).sort()).toEqual(['A', 'B', OTHER_KEY]);
    expect(operations[OTHER_KEY]?.count).toBe(2);
    expect(operations.A?.count).toBe(2);
  });

  it('keeps the key count at maxKeys + 1 and memory under its limit through floods of distinct names', () => {
    const { recorder, advance } = createRecorderWithClock({ maxKeys: 500 });
    // 100 000 names spread over an hour reach every histogram bucket of the ring.
    const flood = (lap: number) => {
      for (let i = 0; i < 100_000; i += 1) {
        recorder.observeRequest(`Op${lap}_${i}`, 5, true);
        advance(36);
      }
    };
    flood(1);
    const full = recorder.stats();
    expect(full.keys.operations).toBe(501);
    expect(full.histogramBytes).toBeLessThanOrEqual(full.histogramBytesLimit);
    flood(2);
    flood(3);
    expect(recorder.stats()).toEqual(full);
    const { operations } = recorder.snapshot().latency;
    expect(Object.keys(operations).length).toBeLessThanOrEqual(501);
    expect(operations[OTHER_KEY]?.count).toBeGreaterThan(90_000);
  });

  it('frees the key of a name idle for an hour, so a new name gets its own', () => {
    const { recorder, advance } = createRecorderWithClock({ maxKeys: 1 });
    recorder.observeRequest('Old', 5, true);
    advance(10 * MINUTE);
    recorder.observeRequest('New', 5, true);
    expect(Object.keys(recorder.snapshot().latency.operations).sort()).toEqual(['Old', OTHER_KEY]);
    advance(HOUR);
    recorder.observeRequest('New', 5, true);
    expect(Object.keys(recorder.snapshot().latency.operations)).toEqual(['New']);
  });
});
