/** A plan on offer. `null` limits mean unlimited. */
export interface Plan {
  readonly id: string;
  readonly name: string;
  readonly requestsPerMonth: number | null;
  readonly requestsPerSecond: number;
  readonly storageBytes: number | null;
  readonly egressBytes: number | null;
  readonly priceCents: number;
}

const GiB = 1024 ** 3;

/** The built-in catalogue; the plan every new project starts on comes first. */
export const defaultPlans: readonly Plan[] = [
  { id: 'free', name: 'Free', requestsPerMonth: 500_000, requestsPerSecond: 20, storageBytes: 1 * GiB, egressBytes: 5 * GiB, priceCents: 0 },
  { id: 'pro', name: 'Pro', requestsPerMonth: 10_000_000, requestsPerSecond: 200, storageBytes: 100 * GiB, egressBytes: 250 * GiB, priceCents: 2_500 },
];
