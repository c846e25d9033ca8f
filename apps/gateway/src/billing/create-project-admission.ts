import { Errors } from '@fedbase/errors';
import type { RateLimiter } from '@fedbase/rate-limit';
import { Counter, type Registry } from 'prom-client';
import { hardLimit, type CachedLimits, type LimitsCache } from '@fedbase/plan-limits';

export interface ProjectAdmissionOptions {
  limits: LimitsCache;
  /** In memory when embedded, Redis when several gateways share one limit. */
  limiter: RateLimiter;
  /** This gateway's counts (see UsageMeter): admitted operations are recorded there. */
  meter: { record(projectId: string, operation: string): void; unacknowledged(projectId: string): number; acknowledged(projectId: string): number };
  registry: Registry;
  /** Told of every decision: let through (false) or refused (true); the throttle-rate SLI. */
  onThrottle?: (throttled: boolean) => void;
}

export interface ProjectAdmission {
  /** Takes a token from the project's bucket (burst: twice the plan's rate); RATE_LIMITED when empty. */
  takeRate(projectId: string): Promise<void>;
  /**
   * QUOTA_EXCEEDED when the month's requests reached a plan that refuses past them; `exempt`
   * operations (billing's own, so a project over its quota can still upgrade) always pass. An
   * operation let through is metered at once, in the same tick as the check, so concurrent
   * requests cannot all pass on the last request of a quota.
   */
  admitOperation(projectId: string, operation: string, options: { exempt: boolean }): Promise<void>;
}

/**
 * Per-project rate limits and the monthly request quota, as the plan in billing sets them. Limits
 * are cached (see createLimitsCache); the month's count is billing's figure plus what this gateway
 * counted since, so one gateway stops at the quota; N gateways may overshoot it by what the others
 * counted in one flush interval and limits refresh. Buckets are keyed by project: one project's
 * burst never limits another.
 */
export function createProjectAdmission({ limits, limiter, meter, registry, onThrottle = () => {} }: ProjectAdmissionOptions): ProjectAdmission {
  const throttled = new Counter({
    name: 'fedbase_gateway_throttled_requests_total',
    help: 'Requests refused for a project plan, by reason (rate_limit: too many per second; quota: the month used up).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const admitted = new Counter({
    name: 'fedbase_gateway_admitted_requests_total',
    help: 'Requests of projects let through by rate limits and quotas; throttle rate = throttled / (throttled + admitted).',
    registers: [registry],
  });
  // Billing's figure, plus this gateway's requests it cannot include: those acknowledged since it
  // was asked (`mark`) and those not sent yet. Never less than the truth for this gateway's own
  // requests, so one gateway never serves past the quota.
  const usedThisMonth = (known: CachedLimits, projectId: string) =>
    known.requests + (meter.acknowledged(projectId) - known.mark) + meter.unacknowledged(projectId);

  return {
    async takeRate(projectId) {
      const known = await limits.get(projectId);
      if (!known) return;
      const rate = known.plan.requestsPerSecond;
      const decision = await limiter.take(`project-rps:${projectId}`, { capacity: 2 * rate, refillPerSecond: rate });
      if (!decision.allowed) {
        throttled.inc({ reason: 'rate_limit' });
        onThrottle(true);
        throw Errors.rateLimited(decision.retryAfterSeconds, `This project's plan allows ${rate} requests per second (bursts of ${2 * rate}): retry in ${decision.retryAfterSeconds} s, or move to a plan with a higher rate.`);
      }
    },
    async admitOperation(projectId, operation, { exempt }) {
      const known = exempt ? undefined : await limits.get(projectId);
      // A plan that prices overage bills the excess instead of refusing it.
      const included = known && hardLimit(known.plan.allowances.requests);
      if (!known || included === undefined || usedThisMonth(known, projectId) < included) {
        meter.record(projectId, operation);
        admitted.inc();
        onThrottle(false);
        return;
      }
      throttled.inc({ reason: 'quota' });
      onThrottle(true);
      throw Errors.quotaExceeded(
        `This project used its plan's ${included} requests for ${known.period}: move to a larger plan with setPlan (billing operations still work), or wait for next month.`,
      );
    },
  };
}
