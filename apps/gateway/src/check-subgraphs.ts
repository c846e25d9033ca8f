import type { SubgraphName } from '@fedbase/schema';

export interface SubgraphStatus {
  readonly name: SubgraphName;
  readonly ready: boolean;
}

/** Asks every subgraph's `/readyz` at once, each bounded by `timeoutMs`. */
export async function checkSubgraphs(urls: Readonly<Record<SubgraphName, string>>, timeoutMs = 1_000): Promise<SubgraphStatus[]> {
  return Promise.all(
    (Object.entries(urls) as [SubgraphName, string][]).map(async ([name, url]) => {
      try {
        const response = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(timeoutMs) });
        await response.body?.cancel();
        return { name, ready: response.ok };
      } catch {
        return { name, ready: false };
      }
    }),
  );
}
