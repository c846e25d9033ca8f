import { requireSecretKey, type RequestContext } from '@fedbase/context';
import type { Database } from '@fedbase/db';
import { Errors } from '@fedbase/errors';
import { auditColumns, toAuditRecord, type AuditRecord, type AuditRow } from './audit-record.ts';
import { verifyAuditChain, type AuditVerification } from './verify-audit-chain.ts';

export interface ListAuditInput {
  /** @default 20, at most 100 */
  first?: number | null;
  after?: string | null;
}

export interface AuditEntryConnection {
  edges: { cursor: string; node: AuditRecord }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Reading and checking a project's audit log: the secret key only (it names keys and users). */
export interface AuditLog {
  /** Oldest first: keep `endCursor` and come back for more. */
  listAuditEntries(context: RequestContext, input: ListAuditInput): Promise<AuditEntryConnection>;
  verifyAuditLog(context: RequestContext): Promise<AuditVerification>;
}

const encodeCursor = (seq: number) => Buffer.from(`audit:${seq}`).toString('base64url');

function decodeCursor(after: string): number {
  const match = /^audit:(\d{1,15})$/.exec(Buffer.from(after, 'base64url').toString('utf8'));
  if (!match?.[1]) throw Errors.badUserInput('`after` is not a cursor of this list: pass an endCursor or edge cursor you were given.', { field: 'after' });
  return Number(match[1]);
}

export function createAuditLog(db: Database): AuditLog {
  return {
    async listAuditEntries(context, { first, after }) {
      const projectId = requireSecretKey(context).id;
      const limit = first ?? 20;
      if (!Number.isInteger(limit) || limit < 0 || limit > 100) throw Errors.badUserInput('first is 0 to 100.', { field: 'first' });
      const afterSeq = after ? decodeCursor(after) : 0;
      const rows = await db.query<AuditRow>(
        `SELECT ${auditColumns} FROM events.audit_log a WHERE a.project_id = $1::uuid AND a.seq > $2::bigint ORDER BY a.seq LIMIT ${limit + 1}`,
        [projectId, afterSeq],
      );
      const edges = rows.slice(0, limit).map(toAuditRecord).map((node) => ({ cursor: encodeCursor(node.seq), node }));
      return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? after ?? null } };
    },

    async verifyAuditLog(context) {
      return verifyAuditChain(db, requireSecretKey(context).id);
    },
  };
}
