/** The catalogues the billing end-to-end tests run on: small numbers, so limits are reached in a test. */
const unlimited = { included: null };

export const testPlans = [
  // First: where every new project starts. Metered, never refused.
  {
    id: 'metered',
    name: 'Metered',
    priceCents: 1_000,
    requestsPerSecond: 10_000,
    allowances: { requests: { included: 100, overage: { cents: 1, per: 10 } }, storageBytes: unlimited, egressBytes: unlimited, webhookDeliveries: unlimited },
  },
  { id: 'slow', name: 'Slow', priceCents: 0, requestsPerSecond: 2, allowances: { requests: unlimited, storageBytes: unlimited, egressBytes: unlimited, webhookDeliveries: unlimited } },
  {
    id: 'capped',
    name: 'Capped',
    priceCents: 0,
    requestsPerSecond: 10_000,
    allowances: { requests: { included: 25 }, storageBytes: { included: 1_000 }, egressBytes: { included: 1_500 }, webhookDeliveries: unlimited },
  },
  {
    id: 'hooks',
    name: 'Hooks',
    priceCents: 0,
    requestsPerSecond: 10_000,
    allowances: { requests: unlimited, storageBytes: unlimited, egressBytes: unlimited, webhookDeliveries: { included: 1 } },
  },
];

/** A stack's environment for billing tests: quick flushes and refreshes, so a test waits ~a second, not minutes. */
export const billingEnv = {
  BILLING_PLANS: JSON.stringify(testPlans),
  METERING_FLUSH_MS: '200',
  BILLING_LIMITS_TTL_MS: '200',
  BILLING_COLLECT_INTERVAL_MS: '300',
  PASSWORD_HASH_COST: '10',
  AUTH_ATTEMPTS_PER_IP: '10000',
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_BACKOFF_MS: '50',
};
