import type { AuditContent } from './audit-hash.ts';

/** An audit log entry as the API shows it. */
export interface AuditRecord {
  seq: number;
  at: Date;
  actor: unknown;
  action: string;
  target: unknown;
  details: unknown;
  source: string;
  prevHash: string;
  hash: string;
}

/** A row of `events.audit_log` as raw SQL returns it (`auditColumns`). */
export interface AuditRow {
  project_id: string;
  seq: bigint | number | string;
  at: Date | string;
  actor: unknown;
  action: string;
  target: unknown;
  details: unknown;
  source: string;
  prev_hash: string;
  hash: string;
}

export const auditColumns = 'a.project_id::text AS project_id, a.seq, a.at, a.actor, a.action, a.target, a.details, a.source, a.prev_hash, a.hash';

export function toAuditRecord(row: AuditRow): AuditRecord {
  const { seq, at, actor, action, target, details, source } = toAuditContent(row);
  return { seq, at, actor, action, target, details, source, prevHash: row.prev_hash, hash: row.hash };
}

/** The hashed part of a row, exactly as stored. */
export function toAuditContent(row: AuditRow): AuditContent {
  return {
    projectId: row.project_id,
    seq: Number(row.seq),
    at: new Date(row.at),
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details,
    source: row.source,
  };
}
