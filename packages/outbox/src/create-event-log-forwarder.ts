import type { OutboxRow } from './outbox-row.ts';

export interface EventLogForwarderOptions {
  /** The events subgraph's base URL (`EVENTS_URL`). */
  eventsUrl: string;
  /** Proves to the events subgraph that a subgraph of this deployment is calling. */
  adminSecret: string;
  /** The subgraph whose outbox this is: with the row id, the event log's idempotency key. */
  source: string;
  /** @default 10_000 */
  timeoutMs?: number;
}

/**
 * A relay destination: hands a batch of system events to the events subgraph's log
 * (`POST /internal/events`), which records each once (keyed by source and row id), queues its
 * webhook deliveries, and answers only after committing. Anything but a 2xx throws, so the relay
 * keeps the rows and tries again.
 */
export function createEventLogForwarder({ eventsUrl, adminSecret, source, timeoutMs = 10_000 }: EventLogForwarderOptions) {
  const url = `${eventsUrl.replace(/\/+$/, '')}/internal/events`;
  return async (rows: readonly OutboxRow[]): Promise<void> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-secret': adminSecret },
      body: JSON.stringify({ source, events: rows }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`the event log at ${url} answered ${response.status}: ${text.slice(0, 200)}`);
  };
}
