import type { Metric } from '../plans.ts';

export interface UsageSourcesOptions {
  /** The files subgraph's base URL (`GET /internal/usage` -> storageBytes, egressBytes). */
  filesUrl: string;
  /** The events subgraph's base URL (`GET /internal/usage` -> webhookDeliveries). */
  eventsUrl: string;
  adminSecret: string | undefined;
  logger: { warn(details: object, message: string): void };
  /** @default 3_000 */
  timeoutMs?: number;
}

/** What the owning subgraphs report for a project and month; a metric missing is one that could not be read. */
export type ReadUsage = (projectId: string, period: string) => Promise<Partial<Record<Metric, number>>>;

/**
 * Storage, egress and webhook deliveries are counted where they happen (files, events), in those
 * subgraphs' own transactions; billing reads them instead of being sent increments, so there is no
 * second count to lose or double. A subgraph that cannot answer leaves the stored figure in place.
 */
export function createUsageSources({ filesUrl, eventsUrl, adminSecret, logger, timeoutMs = 3_000 }: UsageSourcesOptions): ReadUsage {
  const lastWarnings = new Map<string, number>();
  const read = async (baseUrl: string, projectId: string, period: string): Promise<Record<string, unknown> | undefined> => {
    if (!adminSecret) return undefined;
    const url = `${baseUrl}/internal/usage?${new URLSearchParams({ projectId, period })}`;
    try {
      const response = await fetch(url, { headers: { 'x-admin-secret': adminSecret }, signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`answered ${response.status}`);
      }
      return (await response.json()) as Record<string, unknown>;
    } catch (error) {
      // Once a minute per source at most: an outage must not write a line per read.
      if (Date.now() - (lastWarnings.get(baseUrl) ?? 0) > 60_000) {
        lastWarnings.set(baseUrl, Date.now());
        logger.warn({ err: error, source: baseUrl }, 'reading usage failed; the last stored figures stand');
      }
      return undefined;
    }
  };
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);
  return async (projectId, period) => {
    const [files, events] = await Promise.all([read(filesUrl, projectId, period), read(eventsUrl, projectId, period)]);
    const usage: Partial<Record<Metric, number>> = {};
    const storageBytes = number(files?.['storageBytes']);
    const egressBytes = number(files?.['egressBytes']);
    const webhookDeliveries = number(events?.['webhookDeliveries']);
    if (storageBytes !== undefined) usage.storageBytes = storageBytes;
    if (egressBytes !== undefined) usage.egressBytes = egressBytes;
    if (webhookDeliveries !== undefined) usage.webhookDeliveries = webhookDeliveries;
    return usage;
  };
}
