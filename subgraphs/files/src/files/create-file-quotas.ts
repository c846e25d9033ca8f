import type { Database } from '@fedbase/db';
import { Errors } from '@fedbase/errors';
import { hardLimit, type LimitsCache } from '@fedbase/plan-limits';
import { readUsage } from './read-usage.ts';

export interface FileQuotas {
  /** QUOTA_EXCEEDED when `adding` bytes would take the project past its plan's storage. */
  checkStorage(projectId: string, adding: number): Promise<void>;
  /** QUOTA_EXCEEDED when the project downloaded its plan's egress this month. */
  checkEgress(projectId: string): Promise<void>;
}

/**
 * The storage and egress quotas of a project's plan (from billing, cached), checked against what
 * this subgraph counts itself. Plans that price overage never refuse; without billing (no limits
 * known) nothing is refused: the plan's owner enforces it, a billing outage must not stop files.
 */
export function createFileQuotas(db: Database, limits: LimitsCache | undefined): FileQuotas {
  const periodNow = () => new Date().toISOString().slice(0, 7);
  return {
    async checkStorage(projectId, adding) {
      const known = await limits?.get(projectId);
      const included = known && hardLimit(known.plan.allowances.storageBytes);
      if (included === undefined) return;
      // Pending uploads still within their ticket count too: two tickets cannot each take the last free bytes.
      const [row] = await db.query<{ bytes: number | null }>(
        `SELECT sum(size)::float8 AS bytes FROM files.files
          WHERE project_id = $1::uuid AND (status = 'READY' OR (status = 'PENDING' AND expires_at > now()))`,
        [projectId],
      );
      const stored = Number(row?.bytes ?? 0);
      if (stored + adding <= included) return;
      throw Errors.quotaExceeded(
        `This project's plan stores up to ${included} bytes; ${stored} are stored or being uploaded, and this file adds ${adding}: delete files or move to a plan with more storage.`,
      );
    },
    async checkEgress(projectId) {
      const known = await limits?.get(projectId);
      const included = known && hardLimit(known.plan.allowances.egressBytes);
      if (included === undefined) return;
      const { egressBytes } = await readUsage(db, projectId, periodNow());
      if (egressBytes < included) return;
      throw Errors.quotaExceeded(`This project downloaded its plan's ${included} bytes for this month: move to a plan with more egress, or wait for next month.`);
    },
  };
}
