/** One stack of the benchmark: how it is started, and whether it is a baseline (enforcement off). */
export interface BillingConfiguration {
  readonly key: string;
  readonly label: string;
  readonly baseline: boolean;
  readonly env: Readonly<Record<string, string>>;
}

export interface BillingConfigurationsOptions {
  /** Where C keeps its buckets. */
  redisUrl: string;
  /** The gateways' METERING_FLUSH_MS. */
  flushMs: number;
}

/**
 * The stacks compared, in the order they start: enforcement off, on with in-memory buckets, on
 * with buckets in Redis, and off again. Off twice, first and last: two stacks started alike differ
 * by several percent, and the pair both averages that out of the baseline and shows how large it
 * was (see baselineFigures). Everything else is pinned alike, so that they differ only in
 * enforcement and where the buckets live.
 */
export function billingConfigurations({ redisUrl, flushMs }: BillingConfigurationsOptions): readonly BillingConfiguration[] {
  const common = { LOG_LEVEL: 'warn', METERING_FLUSH_MS: String(flushMs), BILLING_LIMITS_TTL_MS: '5000' };
  const off = { ...common, BILLING_ENFORCEMENT: 'false' };
  return [
    { key: 'A1', label: 'A1. enforcement off', baseline: true, env: off },
    { key: 'B', label: 'B. on, in-memory buckets', baseline: false, env: { ...common, BILLING_ENFORCEMENT: 'true' } },
    { key: 'C', label: 'C. on, buckets in Redis', baseline: false, env: { ...common, BILLING_ENFORCEMENT: 'true', REDIS_URL: redisUrl } },
    { key: 'A2', label: 'A2. enforcement off, again', baseline: true, env: off },
  ];
}
