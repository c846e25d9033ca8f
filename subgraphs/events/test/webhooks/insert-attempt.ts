import type { Database } from '@fedbase/db';
import type { AttemptOutcome } from '../../src/webhooks/index.ts';

/** The delivery an inserted attempt belongs to. */
export interface AttemptedDelivery {
  id: string;
  projectId: string;
  webhookId: string;
}

/** Logs an attempt `secondsAgo` by the database's clock, as if the worker had made it then. */
export async function insertAttempt(db: Database, delivery: AttemptedDelivery, outcome: AttemptOutcome, secondsAgo: number): Promise<void> {
  await db.query(
    `INSERT INTO events.delivery_attempts (id, delivery_id, project_id, webhook_id, attempted_at, outcome)
     VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, now() - $4::int * interval '1 second', $5::events."DeliveryOutcome")`,
    [delivery.id, delivery.projectId, delivery.webhookId, secondsAgo, outcome.toUpperCase()],
  );
}
