import type { Metric } from '../plans.ts';

/** A project's metered usage in one month. */
export interface Usage extends Record<Metric, number> {
  readonly period: string;
}

export const emptyUsage = (period: string): Usage => ({ period, requests: 0, storageBytes: 0, egressBytes: 0, webhookDeliveries: 0 });
