import { FedbaseError } from '@fedbase/errors';
import { describe, expect, it } from 'vitest';
import { computeInvoice, defaultPlans, parseBillingConfig, parsePlans, type Plan } from '../src/index.ts';
import { parsePeriod } from '../src/period.ts';

const metered: Plan = {
  id: 'metered',
  name: 'Metered',
  priceCents: 0,
  requestsPerSecond: 10,
  allowances: {
    requests: { included: null, overage: { cents: 1, per: 3 } },
    storageBytes: { included: 10 },
    egressBytes: { included: null },
    webhookDeliveries: { included: 0, overage: { cents: 7, per: 1 } },
  },
};

describe('invoices', () => {
  it('rounds each line half up to whole cents and totals the lines', () => {
    const usage = { period: '2026-11', requests: 4, storageBytes: 50, egressBytes: 0, webhookDeliveries: 2 };
    const invoice = computeInvoice(metered, usage);
    expect(invoice.lines.map((line) => [line.metric, line.quantity, line.amountCents])).toEqual([
      ['plan:metered', 1, 0],
      ['requests.overage', 4, 1], // 4/3 = 1.33 -> 1
      ['webhookDeliveries.overage', 2, 14],
    ]);
    expect(computeInvoice(metered, { ...usage, requests: 5 }).lines[1]?.amountCents).toBe(2); // 5/3 = 1.67 -> 2
    expect(invoice.totalCents).toBe(15);
  });

  it('prices quantities whose product with the price exceeds 2^53 exactly', () => {
    const bytes: Plan = { ...metered, allowances: { ...metered.allowances, egressBytes: { included: 0, overage: { cents: 9, per: 1024 ** 3 } } } };
    const egressBytes = 2 ** 52 + 1; // 4 PiB: x 9 overflows a double's integers
    const line = computeInvoice(bytes, { period: '2026-11', requests: 0, storageBytes: 0, egressBytes, webhookDeliveries: 0 }).lines.find((l) => l.metric === 'egressBytes.overage');
    expect(line?.amountCents).toBe(Number((BigInt(egressBytes) * 9n * 2n + 1024n ** 3n) / (2n * 1024n ** 3n)));
  });

  it('bills only the fee when nothing passed the allowances', () => {
    const pro = defaultPlans.find((plan) => plan.id === 'pro')!;
    expect(computeInvoice(pro, { period: '2026-11', requests: 5, storageBytes: 5, egressBytes: 5, webhookDeliveries: 5 }).totalCents).toBe(2500);
  });
});

describe('plan catalogues', () => {
  it('reads a catalogue from BILLING_PLANS', () => {
    const config = parseBillingConfig({ BILLING_PLANS: JSON.stringify([metered]) });
    expect(config.plans.map((plan) => plan.id)).toEqual(['metered']);
    expect(parseBillingConfig({}).plans).toBe(defaultPlans);
  });

  it('names every problem of a bad catalogue', () => {
    expect(() => parsePlans('not json')).toThrow(/not JSON/);
    expect(() => parsePlans('[]')).toThrow(/at least one plan/);
    expect(() => parsePlans(JSON.stringify([metered, metered]))).toThrow(/unique/);
    expect(() => parsePlans(JSON.stringify([{ ...metered, requestsPerSecond: 0, priceCents: -1 }]))).toThrow(/0\.requestsPerSecond.*|0\.priceCents/);
    expect(() => parseBillingConfig({ BILLING_PLANS: '[{"id":"x"}]' })).toThrow(/BILLING_PLANS: 0\.name/);
  });
});

describe('periods', () => {
  const now = new Date('2026-11-23T10:00:00Z');

  it('defaults to the current month in UTC', () => {
    expect(parsePeriod(undefined, now)).toBe('2026-11');
    expect(parsePeriod(null, new Date('2026-12-31T23:59:59Z'))).toBe('2026-12');
  });

  it('refuses anything but YYYY-MM with BAD_USER_INPUT showing the format', () => {
    for (const bad of ['2026-13', '2026-1', '26-11', '2026-11-01', '', 'november']) {
      const error = (() => {
        try {
          return parsePeriod(bad, now);
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error).toBeInstanceOf(FedbaseError);
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('"2026-11"') });
    }
  });
});
