import type { PerWindow, WindowName } from '@fedbase/slo';

export interface WindowOutcomes {
  succeeded: number;
  failed: number;
  dead: number;
}

/** Webhook delivery attempts by outcome over the SLI windows, as the events subgraph counts them. */
export type WebhookOutcomes = PerWindow<WindowOutcomes>;

/**
 * Asks the events subgraph (`GET /internal/webhook-outcomes`, the operator's secret) how webhook
 * deliveries went. Deliveries happen there, recorded per attempt in its database, so every events
 * instance and every gateway see the same figures and a restart forgets none.
 */
export async function fetchWebhookOutcomes(eventsUrl: string, adminSecret: string, timeoutMs = 2_000): Promise<WebhookOutcomes> {
  const response = await fetch(`${eventsUrl}/internal/webhook-outcomes`, {
    headers: { 'x-admin-secret': adminSecret },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`the events subgraph answered ${response.status} for webhook outcomes`);
  const body = (await response.json()) as { windows: Record<WindowName, WindowOutcomes> };
  return body.windows;
}
