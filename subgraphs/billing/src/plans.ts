import { z } from '@fedbase/config';

/** What billing meters, per project and month. */
export const metrics = ['requests', 'storageBytes', 'egressBytes', 'webhookDeliveries'] as const;
export type Metric = (typeof metrics)[number];

const GiB = 1024 ** 3;

const allowanceSchema = z.strictObject({
  /** Included per month (storage: at any time); null is unlimited. */
  included: z.number().int().min(0).nullable(),
  /**
   * Past `included`, usage is billed at `cents` per `per` units instead of refused. Without it the
   * allowance is a hard quota: the gateway (requests) or the owning subgraph refuses past it.
   */
  overage: z.strictObject({ cents: z.number().int().min(0), per: z.number().int().min(1) }).optional(),
});

const planSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a plan id is lower-case letters, digits, - and _'),
  name: z.string().min(1).max(100),
  /** The monthly fee. */
  priceCents: z.number().int().min(0),
  /** Sustained rate; bursts of twice as many are allowed. */
  requestsPerSecond: z.number().int().min(1),
  allowances: z.strictObject({
    requests: allowanceSchema,
    storageBytes: allowanceSchema,
    egressBytes: allowanceSchema,
    webhookDeliveries: allowanceSchema,
  }),
});

export type Plan = z.infer<typeof planSchema>;
export type Allowance = Plan['allowances'][Metric];

/** The catalogue `BILLING_PLANS` replaces: the plan every new project starts on comes first. */
export const defaultPlans: readonly Plan[] = [
  {
    id: 'free',
    name: 'Free',
    priceCents: 0,
    requestsPerSecond: 20,
    allowances: {
      requests: { included: 500_000 },
      storageBytes: { included: 1 * GiB },
      egressBytes: { included: 5 * GiB },
      webhookDeliveries: { included: 10_000 },
    },
  },
  {
    id: 'pro',
    name: 'Pro',
    priceCents: 2_500,
    requestsPerSecond: 200,
    allowances: {
      requests: { included: 10_000_000, overage: { cents: 100, per: 1_000_000 } },
      storageBytes: { included: 100 * GiB, overage: { cents: 21, per: 10 * GiB } },
      egressBytes: { included: 250 * GiB, overage: { cents: 9, per: GiB } },
      webhookDeliveries: { included: 1_000_000, overage: { cents: 100, per: 1_000_000 } },
    },
  },
];

const catalogueSchema = z
  .array(planSchema)
  .min(1, 'list at least one plan')
  .refine((plans) => new Set(plans.map((plan) => plan.id)).size === plans.length, 'plan ids must be unique');

/** Reads a catalogue (JSON, as in `BILLING_PLANS`); throws with every problem named. */
export function parsePlans(json: string): readonly Plan[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('is not JSON: give a JSON array of plans (see the billing README)');
  }
  const result = catalogueSchema.safeParse(value);
  if (!result.success) throw new Error(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; '));
  return Object.freeze(result.data);
}

/** A hard quota is refused past `included`; an allowance with an overage price is billed instead. */
export const isHardQuota = (allowance: Allowance): allowance is Allowance & { included: number } => allowance.included !== null && !allowance.overage;
