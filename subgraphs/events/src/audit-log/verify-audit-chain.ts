import type { Database } from '@fedbase/db';
import { auditHash, genesisHash } from './audit-hash.ts';
import { auditColumns, toAuditContent, type AuditRow } from './audit-record.ts';

export interface AuditVerification {
  ok: boolean;
  /** Entries found intact, in seq order, before the first broken link (all of them when ok). */
  checked: number;
  /** The first seq that is missing, altered or not linked to the one before it. */
  firstBrokenSeq: number | null;
  reason: string | null;
}

const pageSize = 1000;

/**
 * Walks a project's chain in seq order, recomputing every hash, and reports the first broken link:
 * a missing seq (a deleted row), a hash that does not match its row's content (an edited row), or
 * a prev_hash that is not the previous entry's hash (a row replaced or spliced in).
 *
 * What it cannot see: rows removed from the end, or a chain rewritten from some seq on with
 * recomputed hashes. Keeping the latest hash somewhere else (and comparing) closes both.
 */
export async function verifyAuditChain(db: Database, projectId: string): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = genesisHash;
  for (;;) {
    const rows = await db.query<AuditRow>(
      `SELECT ${auditColumns} FROM events.audit_log a WHERE a.project_id = $1::uuid AND a.seq >= $2::bigint ORDER BY a.seq LIMIT ${pageSize}`,
      [projectId, expectedSeq],
    );
    for (const row of rows) {
      const content = toAuditContent(row);
      const broken = (reason: string): AuditVerification => ({ ok: false, checked: expectedSeq - 1, firstBrokenSeq: expectedSeq, reason });
      if (content.seq !== expectedSeq) return broken(`seq ${expectedSeq} is missing (the next entry is seq ${content.seq})`);
      if (row.prev_hash !== prevHash) return broken(`seq ${expectedSeq} does not link to the entry before it (prev_hash differs)`);
      if (auditHash(row.prev_hash, content) !== row.hash) return broken(`seq ${expectedSeq} was changed after it was written (its hash does not match its content)`);
      prevHash = row.hash;
      expectedSeq += 1;
    }
    if (rows.length < pageSize) return { ok: true, checked: expectedSeq - 1, firstBrokenSeq: null, reason: null };
  }
}
