import type { Logger } from '@fedbase/telemetry';

/** What a plan allows of one metric: see the billing subgraph's plans. */
export interface Allowance {
  /** Per month (storage: at any time); null is unlimited. */
  readonly included: number | null;
  /** Past `included` the excess is billed at this price instead of refused. */
  readonly overage?: { readonly cents: number; readonly per: number };
}

/** A project's plan, as billing's `GET /internal/limits` answers it. */
export interface ProjectLimits {
  readonly plan: {
    readonly id: string;
    readonly requestsPerSecond: number;
    readonly allowances: {
      readonly requests: Allowance;
      readonly storageBytes: Allowance;
      readonly egressBytes: Allowance;
      readonly webhookDeliveries: Allowance;
    };
  };
  readonly period: string;
  /** Requests billing had counted this month when asked. */
  readonly requests: number;
}

/** The amount past which an allowance refuses: undefined when it is unlimited or billed as overage. */
export const hardLimit = (allowance: Allowance): number | undefined => (allowance.included !== null && !allowance.overage ? allowance.included : undefined);

export interface LimitsCacheOptions {
  /** Billing's base URL. */
  billingUrl: string;
  adminSecret: string | undefined;
  logger: Pick<Logger, 'warn'>;
  /** How long an answer is used before it is asked again (in the background). @default 5_000 */
  ttlMs?: number;
  /** @default 3_000 */
  timeoutMs?: number;
  /** @default 100_000 projects */
  maxProjects?: number;
  /**
   * Read just before each request to billing and returned with its answer as `mark`: the gateway
   * passes its count of requests billing acknowledged, so it can tell which of its own requests
   * the answer cannot include yet.
   */
  markFetch?: (projectId: string) => number;
}

/** Limits as cached: billing's answer and the `markFetch` value read before it was asked. */
export type CachedLimits = ProjectLimits & { readonly mark: number };

export interface LimitsCache {
  /**
   * The project's limits: fresh, or stale while a refresh runs in the background, so only a
   * project's first request waits for billing. Undefined when billing could not say and nothing is
   * known: the gateway then lets the request through (billing down must not take the API down).
   */
  get(projectId: string): Promise<CachedLimits | undefined>;
  /** Marks projects' entries stale (after their counts reached billing), so the next get refreshes them. */
  invalidate(projectIds: Iterable<string>): void;
}

interface Entry {
  value: CachedLimits | undefined;
  fetchedAt: number;
  refreshing?: Promise<CachedLimits | undefined>;
}

export function createLimitsCache({ billingUrl, adminSecret, logger, ttlMs = 5_000, timeoutMs = 3_000, maxProjects = 100_000, markFetch = () => 0 }: LimitsCacheOptions): LimitsCache {
  const entries = new Map<string, Entry>();
  let lastWarning = 0;

  const fetchLimits = async (projectId: string): Promise<CachedLimits | undefined> => {
    const mark = markFetch(projectId);
    try {
      const response = await fetch(`${billingUrl}/internal/limits?projectId=${encodeURIComponent(projectId)}`, {
        headers: adminSecret ? { 'x-admin-secret': adminSecret } : {},
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`billing answered ${response.status} to /internal/limits`);
      }
      return { ...((await response.json()) as ProjectLimits), mark };
    } catch (error) {
      // Once a minute at most: a billing outage must not flood the log with one line per request.
      if (Date.now() - lastWarning > 60_000) {
        lastWarning = Date.now();
        logger.warn({ err: error }, 'reading plan limits from billing failed: the last known limits stand, or none');
      }
      return undefined;
    }
  };

  const refresh = (projectId: string, entry: Entry): Promise<CachedLimits | undefined> => {
    entry.refreshing ??= fetchLimits(projectId).then((value) => {
      // A failed refresh keeps what was known; it is tried again after the next ttl.
      entry.value = value ?? entry.value;
      entry.fetchedAt = Date.now();
      entry.refreshing = undefined;
      return entry.value;
    });
    return entry.refreshing;
  };

  return {
    async get(projectId) {
      let entry = entries.get(projectId);
      if (!entry) {
        if (entries.size >= maxProjects) entries.delete(entries.keys().next().value as string);
        entry = { value: undefined, fetchedAt: 0 };
        entries.set(projectId, entry);
        return refresh(projectId, entry);
      }
      if (Date.now() - entry.fetchedAt >= ttlMs) {
        const refreshing = refresh(projectId, entry);
        if (entry.value === undefined) return refreshing;
      }
      return entry.value;
    },
    invalidate(projectIds) {
      for (const projectId of projectIds) {
        const entry = entries.get(projectId);
        if (entry) entry.fetchedAt = 0;
      }
    },
  };
}
