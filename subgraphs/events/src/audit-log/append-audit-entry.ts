import type { Prisma } from '@fedbase/prisma';
import { auditHash, genesisHash } from './audit-hash.ts';

/** A privileged action to append to its project's chain. */
export interface NewAuditEntry {
  projectId: string;
  at: Date;
  /** `identity.api_key.created`: the event's topic without `audit.`. */
  action: string;
  /** The subgraph that did it. */
  source: string;
  actor: unknown;
  target: unknown;
  details: unknown;
}

// The two-key form of advisory locks is a key space of its own: no collision with the
// single-key locks of the outbox relays (or anything else in a shared database). 'audi'.
const auditLockClass = 0x61756469;

/**
 * Takes the chain locks of these projects for the rest of the transaction, in one global order
 * (by lock key), so two transactions appending to the same projects wait for each other instead
 * of deadlocking. Locks are re-entrant: `appendAuditEntry` taking one again is free.
 */
export async function lockAuditChains(tx: Prisma.TransactionClient, projectIds: readonly string[]): Promise<void> {
  if (projectIds.length === 0) return;
  const keys = await tx.$queryRawUnsafe<{ key: number }[]>(
    'SELECT DISTINCT hashtext(p::uuid::text) AS key FROM unnest($1::text[]) AS p ORDER BY key',
    [...new Set(projectIds)],
  );
  for (const { key } of keys) await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${auditLockClass}, $1::int)::text`, key);
}

/**
 * Appends one entry to the project's audit chain in the caller's transaction. The project's chain
 * lock is held until commit, so the next append (from any process) reads this entry as the last:
 * seq has no gaps and every prev_hash is the hash before it, however many ingests run at once.
 */
export async function appendAuditEntry(tx: Prisma.TransactionClient, entry: NewAuditEntry): Promise<{ seq: number; hash: string }> {
  await lockAuditChains(tx, [entry.projectId]);
  // The JSON goes through jsonb first, so the hash covers exactly what is stored and read back.
  const [head] = await tx.$queryRawUnsafe<{ project_id: string; actor: unknown; target: unknown; details: unknown; seq: bigint | number | null; hash: string | null }[]>(
    `SELECT $1::uuid::text AS project_id, $2::jsonb AS actor, $3::jsonb AS target, $4::jsonb AS details, last.seq, last.hash
       FROM (SELECT 1) AS one
       LEFT JOIN LATERAL (SELECT a.seq, a.hash FROM events.audit_log a WHERE a.project_id = $1::uuid ORDER BY a.seq DESC LIMIT 1) AS last ON true`,
    entry.projectId,
    JSON.stringify(entry.actor ?? null),
    JSON.stringify(entry.target ?? null),
    JSON.stringify(entry.details ?? {}),
  );
  if (!head) throw new Error('reading the head of the audit chain returned nothing');
  const seq = head.seq === null ? 1 : Number(head.seq) + 1;
  const prevHash = head.hash ?? genesisHash;
  const at = new Date(entry.at.getTime()); // the column keeps milliseconds, as Date does
  const hash = auditHash(prevHash, {
    projectId: head.project_id,
    seq,
    at,
    actor: head.actor,
    action: entry.action,
    target: head.target,
    details: head.details,
    source: entry.source,
  });
  await tx.$executeRawUnsafe(
    `INSERT INTO events.audit_log (project_id, seq, at, actor, action, target, details, source, prev_hash, hash)
     VALUES ($1::uuid, $2::bigint, $3::timestamptz, $4::jsonb, $5, $6::jsonb, $7::jsonb, $8, $9, $10)`,
    entry.projectId,
    seq,
    at.toISOString(),
    JSON.stringify(head.actor),
    entry.action,
    JSON.stringify(head.target),
    JSON.stringify(head.details),
    entry.source,
    prevHash,
    hash,
  );
  return { seq, hash };
}
