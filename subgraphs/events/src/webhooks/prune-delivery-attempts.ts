import type { Database } from '@fedbase/db';

/**
 * How long attempt rows are kept. The longest SLI window (`readWebhookOutcomes`) is 6 h; the rest
 * of the week is for people reading a delivery's recent attempts (what the receiver answered, and
 * when) after a weekend.
 */
export const deliveryAttemptRetentionMs = 7 * 24 * 60 * 60 * 1000;

export interface PruneDeliveryAttemptsOptions {
  /** Rows attempted longer ago than this go. @default deliveryAttemptRetentionMs */
  retentionMs?: number;
  /** Rows per DELETE, so no statement holds locks or grows the WAL for long. @default 5000 */
  batchSize?: number;
  /** Stops between batches once aborted (the worker is closing). */
  signal?: AbortSignal;
}

// SKIP LOCKED: workers in several processes prune at the same time without waiting on each other.
const deleteBatchSql = `
DELETE FROM events.delivery_attempts WHERE id IN (
  SELECT id FROM events.delivery_attempts
  WHERE attempted_at < now() - $1::int * interval '1 millisecond'
  LIMIT $2
  FOR UPDATE SKIP LOCKED
)`;

/** Deletes attempt rows past the retention, batch by batch until none is left; returns how many. */
export async function pruneDeliveryAttempts(db: Database, options: PruneDeliveryAttemptsOptions = {}): Promise<number> {
  const { retentionMs = deliveryAttemptRetentionMs, batchSize = 5_000, signal } = options;
  let deleted = 0;
  for (;;) {
    const count = await db.prisma.$executeRawUnsafe(deleteBatchSql, Math.ceil(retentionMs), batchSize);
    deleted += count;
    if (count < batchSize || signal?.aborted) return deleted;
  }
}
