import type { Database } from '@fedbase/db';

/**
 * What the events subgraph reports to billing: deliveries that reached their endpoint, of events
 * logged in the `YYYY-MM` period (UTC), however many attempts each took. Failed and dead ones are
 * not billed.
 */
export async function readDeliveryUsage(db: Database, projectId: string, period: string): Promise<{ webhookDeliveries: number }> {
  const [row] = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM events.deliveries
      WHERE project_id = $1::uuid AND status = 'SUCCEEDED'
        AND created_at >= ($2 || '-01')::date::timestamp AT TIME ZONE 'UTC'
        AND created_at < (($2 || '-01')::date + interval '1 month')::timestamp AT TIME ZONE 'UTC'`,
    [projectId, period],
  );
  return { webhookDeliveries: row?.count ?? 0 };
}
