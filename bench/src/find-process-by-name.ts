import { readdirSync, readFileSync } from 'node:fs';

/**
 * The pid of a running process whose command name (`/proc/<pid>/comm`) is `name`, e.g. the local
 * `redis-server`, so its CPU can be metered like the stack's; undefined when there is none.
 */
export function findProcessByName(name: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) return Number(entry);
    } catch {
      // Gone since the listing.
    }
  }
  return undefined;
}
