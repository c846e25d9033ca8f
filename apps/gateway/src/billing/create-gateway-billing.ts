import type { ApolloServerPlugin } from '@apollo/server';
import type { RateLimiter } from '@fedbase/rate-limit';
import { createLabelLimiter, type Logger } from '@fedbase/telemetry';
import type { Registry } from 'prom-client';
import type { GatewayContext } from '../gateway-context.ts';
import { billingRootFields } from './billing-root-fields.ts';
import { createBillingPlugin } from './create-billing-plugin.ts';
import { createLimitsCache } from '@fedbase/plan-limits';
import { createProjectAdmission, type ProjectAdmission } from './create-project-admission.ts';
import { createUsageMeter } from './create-usage-meter.ts';

export interface GatewayBillingOptions {
  billingUrl: string;
  adminSecret: string | undefined;
  flushIntervalMs: number;
  limitsTtlMs: number;
  limiter: RateLimiter;
  registry: Registry;
  logger: Logger;
  /** Told of every admission decision: let through (false) or refused by rate or quota (true). */
  onThrottle?: (throttled: boolean) => void;
}

export interface GatewayBilling {
  readonly admission: ProjectAdmission;
  readonly plugin: ApolloServerPlugin<GatewayContext>;
  /** Sends what is still counted (at shutdown: counts survive a restart). */
  close(): Promise<void>;
}

/** The gateway's side of billing: plan limits enforced per project, requests metered in batches. */
export function createGatewayBilling({ billingUrl, adminSecret, flushIntervalMs, limitsTtlMs, limiter, registry, logger, onThrottle }: GatewayBillingOptions): GatewayBilling {
  // Once billing holds a batch, its figure includes those requests: ask it again.
  const meter = createUsageMeter({ billingUrl, adminSecret, flushIntervalMs, logger, onFlushed: (projectIds) => limits.invalidate(projectIds) });
  const limits = createLimitsCache({ billingUrl, adminSecret, logger, ttlMs: limitsTtlMs, markFetch: (projectId) => meter.acknowledged(projectId) });
  // Operation names come from clients: past 10,000 distinct ones, new names are metered as `other`.
  const operationName = createLabelLimiter(10_000);
  const record = (projectId: string, operation: string) => meter.record(projectId, operationName(operation));
  const admission = createProjectAdmission({ limits, limiter, meter: { ...meter, record }, registry, onThrottle });
  return {
    admission,
    plugin: createBillingPlugin({ admission, exemptRootFields: billingRootFields() }),
    close: () => meter.close(),
  };
}
