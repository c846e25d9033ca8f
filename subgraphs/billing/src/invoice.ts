import { metrics, type Plan } from './plans.ts';
import type { Usage } from './usage/usage.ts';

export interface InvoiceLine {
  readonly metric: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly amountCents: number;
}

export interface Invoice {
  readonly period: string;
  readonly lines: readonly InvoiceLine[];
  readonly totalCents: number;
  readonly currency: 'USD';
}

/**
 * The plan's fee, then one line per allowance that has an overage price: the quantity past what
 * the plan includes at `cents / per` each. Each line is rounded to whole cents (half up) in integer
 * arithmetic, so the total is exactly the sum of the lines a customer reads.
 */
export function computeInvoice(plan: Plan, usage: Usage): Invoice {
  const lines: InvoiceLine[] = [{ metric: `plan:${plan.id}`, quantity: 1, unitPriceCents: plan.priceCents, amountCents: plan.priceCents }];
  for (const metric of metrics) {
    const { included, overage } = plan.allowances[metric];
    if (!overage) continue;
    const quantity = Math.max(0, Math.ceil(usage[metric]) - (included ?? 0));
    lines.push({ metric: `${metric}.overage`, quantity, unitPriceCents: overage.cents / overage.per, amountCents: roundedAmount(quantity, overage.cents, overage.per) });
  }
  return { period: usage.period, lines, totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0), currency: 'USD' };
}

/** quantity x cents / per, rounded half up, without floating point (bytes x cents exceeds 2^53). */
function roundedAmount(quantity: number, cents: number, per: number): number {
  const twice = 2n * BigInt(quantity) * BigInt(cents);
  return Number((twice + BigInt(per)) / (2n * BigInt(per)));
}
