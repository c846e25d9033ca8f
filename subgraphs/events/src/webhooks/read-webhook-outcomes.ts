import type { Database } from '@fedbase/db';
import { attemptOutcomes, type AttemptOutcome } from './attempt-outcomes.ts';

/** The SLI windows in seconds; the query reads only the longest one's rows. */
export const webhookOutcomeWindows = { '5m': 5 * 60, '30m': 30 * 60, '1h': 60 * 60, '6h': 6 * 60 * 60 } as const;

export type WebhookOutcomeWindow = keyof typeof webhookOutcomeWindows;

export interface WebhookOutcomes {
  /** The database's clock when counted: every window ends here. */
  generatedAt: string;
  /** Attempts in each window (the last 5 minutes, ...), by outcome. */
  windows: Record<WebhookOutcomeWindow, Record<AttemptOutcome, number>>;
}

interface OutcomesRow {
  generated_at: Date | string;
  [column: string]: number | Date | string;
}

const windows = Object.entries(webhookOutcomeWindows) as [WebhookOutcomeWindow, number][];
const longestSeconds = Math.max(...Object.values(webhookOutcomeWindows));

// Built once from the constants above (no input reaches it): a column per window and outcome,
// `succeeded_5m` ..., all counted in one pass over the attempted_at index's last 6 hours.
const outcomesSql = `
SELECT now() AS generated_at,
  ${windows
    .flatMap(([window, seconds]) =>
      attemptOutcomes.map(
        (outcome) =>
          `count(*) FILTER (WHERE outcome = '${outcome.toUpperCase()}' AND attempted_at > now() - interval '${seconds} seconds')::int AS "${outcome}_${window}"`,
      ),
    )
    .join(',\n  ')}
FROM events.delivery_attempts
WHERE attempted_at > now() - interval '${longestSeconds} seconds'`;

/**
 * Webhook delivery attempts of every project by outcome over the SLI windows, for the operator's
 * success and dead-letter rates (`GET /internal/webhook-outcomes`).
 */
export async function readWebhookOutcomes(db: Database): Promise<WebhookOutcomes> {
  const [row] = await db.query<OutcomesRow>(outcomesSql);
  const count = (outcome: AttemptOutcome, window: WebhookOutcomeWindow) => Number(row?.[`${outcome}_${window}`] ?? 0);
  const counts = (window: WebhookOutcomeWindow) => ({ succeeded: count('succeeded', window), failed: count('failed', window), dead: count('dead', window) });
  return {
    generatedAt: new Date(row?.generated_at ?? Date.now()).toISOString(),
    windows: { '5m': counts('5m'), '30m': counts('30m'), '1h': counts('1h'), '6h': counts('6h') },
  };
}
