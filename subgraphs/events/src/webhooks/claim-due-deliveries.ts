import type { Database } from '@fedbase/db';

/** A delivery leased to this worker for one attempt, with what the attempt needs. */
export interface ClaimedDelivery {
  id: string;
  projectId: string;
  webhookId: string;
  /** Counting this attempt. */
  attempts: number;
  /** The lease; recording the outcome checks it is still this worker's. */
  lockedUntil: Date;
  url: string;
  secretSealed: string;
  enabled: boolean;
  topic: string;
  eventCreatedAt: Date;
  /** The payload as JSON text, so large numbers reach the receiver as they were published. */
  payloadJson: string;
}

interface ClaimedRow {
  id: string;
  project_id: string;
  webhook_id: string;
  attempts: number;
  locked_until: Date | string;
  url: string;
  secret_sealed: string;
  enabled: boolean;
  topic: string;
  event_created_at: Date | string;
  payload_json: string;
}

// One statement, so any number of workers in any number of processes share the queue: SKIP
// LOCKED passes over rows another worker is claiming this instant, and the lease (locked_until)
// keeps a claimed row out of later claims until its attempt is recorded or the worker is presumed
// dead. Counting the attempt here, not after it, means a worker that dies mid-send still uses one up.
const claimSql = `
WITH due AS (
  SELECT id FROM events.deliveries
  WHERE status IN ('PENDING', 'FAILED') AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until <= now())
  ORDER BY next_attempt_at
  LIMIT $1
  FOR UPDATE SKIP LOCKED
)
UPDATE events.deliveries AS d
SET locked_until = now() + $2::int * interval '1 millisecond', attempts = d.attempts + 1, updated_at = now()
FROM due, events.webhooks AS w, events.events AS e
WHERE d.id = due.id AND w.id = d.webhook_id AND e.id = d.event_id
RETURNING d.id, d.project_id, d.webhook_id, d.attempts, d.locked_until, w.url, w.secret_sealed, w.enabled,
  e.topic, e.created_at AS event_created_at, e.payload::text AS payload_json`;

/** Leases up to `limit` due deliveries (PENDING or FAILED, next attempt reached, not leased) for `leaseMs`. */
export async function claimDueDeliveries(db: Database, { limit, leaseMs }: { limit: number; leaseMs: number }): Promise<ClaimedDelivery[]> {
  const rows = await db.query<ClaimedRow>(claimSql, [limit, Math.ceil(leaseMs)]);
  return rows.map((row) => ({
    id: row.id,
    projectId: row.project_id,
    webhookId: row.webhook_id,
    attempts: row.attempts,
    lockedUntil: new Date(row.locked_until),
    url: row.url,
    secretSealed: row.secret_sealed,
    enabled: row.enabled,
    topic: row.topic,
    eventCreatedAt: new Date(row.event_created_at),
    payloadJson: row.payload_json,
  }));
}
