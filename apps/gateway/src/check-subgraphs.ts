import type { SubgraphName } from '@fedbase/schema';

export interface SubgraphStatus {
  readonly name: SubgraphName;
  readonly ready: boolean;
  /** What the subgraph reported of each dependency (`database`, `eventBus`), when it answered. */
  readonly checks?: Readonly<Record<string, boolean>>;
}

/** Asks every subgraph's `/readyz` at once, each bounded by `timeoutMs`. */
export async function checkSubgraphs(urls: Readonly<Record<SubgraphName, string>>, timeoutMs = 1_000): Promise<SubgraphStatus[]> {
  return Promise.all(
    (Object.entries(urls) as [SubgraphName, string][]).map(async ([name, url]) => {
      try {
        const response = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(timeoutMs) });
        const body = (await response.json().catch(() => ({}))) as { checks?: unknown };
        const checks = isChecks(body.checks) ? body.checks : undefined;
        return { name, ready: response.ok, ...(checks ? { checks } : {}) };
      } catch {
        return { name, ready: false };
      }
    }),
  );
}

const isChecks = (value: unknown): value is Record<string, boolean> =>
  typeof value === 'object' && value !== null && Object.values(value).every((entry) => typeof entry === 'boolean');
