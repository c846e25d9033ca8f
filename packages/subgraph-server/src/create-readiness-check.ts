import type { Logger } from '@fedbase/telemetry';

/** Named probes of what a process needs to serve: `{ database: () => db.ping() }`. */
export type ReadinessChecks = Readonly<Record<string, () => Promise<boolean>>>;

export interface Readiness {
  ready: boolean;
  /** Each check's result by name: what `/readyz` shows, so an operator sees which one failed. */
  checks: Record<string, boolean>;
}

export interface CreateReadinessCheckOptions {
  checks: ReadinessChecks;
  logger: Logger;
  /**
   * A check that has not answered by then counts as failed: below the gateway's 1 s bound on a
   * subgraph's `/readyz`, so the gateway still learns which check it was. @default 800
   */
  timeoutMs?: number;
}

/**
 * Runs every check at once, each bounded, and logs a check that changed (lost, then back): one
 * line when a dependency goes away and one when it returns, however often `/readyz` is polled.
 */
export function createReadinessCheck({ checks, logger, timeoutMs = 800 }: CreateReadinessCheckOptions): () => Promise<Readiness> {
  const last = new Map<string, boolean>();
  const run = async (check: () => Promise<boolean>): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([check().catch(() => false), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  return async () => {
    const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await run(check)] as const));
    for (const [name, ok] of entries) {
      const before = last.get(name) ?? true;
      last.set(name, ok);
      if (before && !ok) logger.warn({ check: name }, `not ready: ${name} unreachable`);
      if (!before && ok) logger.info({ check: name }, `ready again: ${name} reachable`);
    }
    return { ready: entries.every(([, ok]) => ok), checks: Object.fromEntries(entries) };
  };
}
