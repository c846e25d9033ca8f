import { describe, expect, it } from 'vitest';
import { parseSloConfig } from '../src/index.ts';
import { HOUR, MINUTE, SECOND, createRecorderWithClock, sendRequests } from './fake-clock.ts';

describe('availability and burn rates', () => {
  it('reports availability null and burn rate 0 over windows without requests', () => {
    const { recorder } = createRecorderWithClock();
    const { availability, slo } = recorder.snapshot();
    expect(availability).toEqual({ '5m': null, '30m': null, '1h': null, '6h': null });
    expect(slo.availability.burnRates).toEqual({ '5m': 0, '30m': 0, '1h': 0, '6h': 0 });
    expect(slo.availability.alerts).toEqual({ page: false, ticket: false });
    expect(slo.availability.errorBudgetRemaining).toBe(1);
  });

  it('burns at 10x when 1% of requests fail against a 99.9% objective', () => {
    const { recorder } = createRecorderWithClock();
    sendRequests(recorder, 1000, 10);
    const { availability, slo } = recorder.snapshot();
    expect(availability['5m']).toBeCloseTo(0.99, 12);
    for (const burn of Object.values(slo.availability.burnRates)) expect(burn).toBeCloseTo(10, 9);
    expect(slo.availability.errorBudgetRemaining).toBeCloseTo(-9, 9);
  });

  it('uses the configured objective: 1% failures burn at 1x against 99%', () => {
    const { recorder } = createRecorderWithClock();
    sendRequests(recorder, 1000, 10);
    const { slo } = recorder.snapshot(parseSloConfig({ availability: { objective: 0.99 } }));
    expect(slo.availability.objective).toBe(0.99);
    expect(slo.availability.burnRates['1h']).toBeCloseTo(1, 9);
    expect(slo.availability.errorBudgetRemaining).toBeCloseTo(0, 9);
  });

  it('forgets requests window by window as the clock moves past each window', () => {
    const { recorder, advance } = createRecorderWithClock();
    sendRequests(recorder, 10, 1);
    const seen = (after: number) => {
      advance(after);
      return recorder.snapshot().availability;
    };
    expect(seen(5 * MINUTE - 10 * SECOND)).toEqual({ '5m': 0.9, '30m': 0.9, '1h': 0.9, '6h': 0.9 });
    expect(seen(20 * SECOND)).toEqual({ '5m': null, '30m': 0.9, '1h': 0.9, '6h': 0.9 });
    expect(seen(25 * MINUTE)).toEqual({ '5m': null, '30m': null, '1h': 0.9, '6h': 0.9 });
    expect(seen(30 * MINUTE)).toEqual({ '5m': null, '30m': null, '1h': null, '6h': 0.9 });
    expect(seen(5 * HOUR)).toEqual({ '5m': null, '30m': null, '1h': null, '6h': null });
  });

  it('reuses an expired bucket without counting what it held before', () => {
    const { recorder, advance } = createRecorderWithClock();
    sendRequests(recorder, 10, 10);
    advance(6 * HOUR); // the same ring bucket again, one lap later
    sendRequests(recorder, 10);
    expect(recorder.snapshot().availability['6h']).toBe(1);
  });

  it('pages only when both the 1 h and the 5 m burn rates exceed 14.4', () => {
    // Traffic 10 minutes ago, then traffic now: `earlier` and `now` are [requests, failed].
    const availabilityAfter = (earlier: [number, number], now: [number, number]) => {
      const { recorder, advance } = createRecorderWithClock();
      sendRequests(recorder, ...earlier);
      advance(10 * MINUTE);
      sendRequests(recorder, ...now);
      return recorder.snapshot().slo.availability;
    };
    const oldBurstOnly = availabilityAfter([1000, 100], [1000, 0]);
    expect(oldBurstOnly.burnRates['1h']).toBeGreaterThan(14.4);
    expect(oldBurstOnly.burnRates['5m']).toBe(0);
    expect(oldBurstOnly.alerts.page).toBe(false);

    const recentBlipOnly = availabilityAfter([100_000, 0], [100, 10]);
    expect(recentBlipOnly.burnRates['5m']).toBeGreaterThan(14.4);
    expect(recentBlipOnly.burnRates['1h']).toBeLessThan(14.4);
    expect(recentBlipOnly.alerts.page).toBe(false);

    const both = availabilityAfter([1000, 100], [1000, 20]);
    expect(both.burnRates['1h']).toBeGreaterThan(14.4);
    expect(both.burnRates['5m']).toBeGreaterThan(14.4);
    expect(both.alerts.page).toBe(true);
  });

  it('opens a ticket only when both the 6 h and the 30 m burn rates exceed 6', () => {
    const { recorder, advance } = createRecorderWithClock();
    sendRequests(recorder, 1000, 70); // 7% failing: burn 70, 4 hours ago
    advance(4 * HOUR);
    sendRequests(recorder, 1000);
    expect(recorder.snapshot().slo.availability.alerts.ticket).toBe(false);
    sendRequests(recorder, 1000, 10); // 30 m now burns at 5: still under 6
    expect(recorder.snapshot().slo.availability.alerts.ticket).toBe(false);
    sendRequests(recorder, 1000, 20); // 30 m burns at 10
    const { burnRates, alerts } = recorder.snapshot().slo.availability;
    expect(burnRates['6h']).toBeGreaterThan(6);
    expect(burnRates['30m']).toBeGreaterThan(6);
    expect(alerts).toEqual({ page: false, ticket: true });
  });

  it('derives the alert thresholds from the budget window: 14.4 and 6 for 30 days', () => {
    const { recorder } = createRecorderWithClock();
    expect(recorder.snapshot().slo.availability.thresholds).toEqual({ page: 14.4, ticket: 6 });
    const weekly = recorder.snapshot(parseSloConfig({ windowDays: 7 })).slo.availability.thresholds;
    expect(weekly.page).toBeCloseTo(3.36, 12);
    expect(weekly.ticket).toBeCloseTo(1.4, 12);
  });

  it('holds time at the latest reading when the wall clock steps back, keeping newer data', () => {
    const { recorder, advance } = createRecorderWithClock();
    advance(10 * MINUTE);
    sendRequests(recorder, 10, 5);
    advance(-10 * MINUTE);
    sendRequests(recorder, 10);
    expect(recorder.snapshot().availability['5m']).toBe(0.75);
  });
});
