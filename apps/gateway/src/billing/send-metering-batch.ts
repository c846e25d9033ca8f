/** Requests of one project, in one month, for one operation: a row of billing's metering contract. */
export interface MeteringEntry {
  projectId: string;
  /** UTC month, `YYYY-MM`. */
  period: string;
  operation: string;
  requests: number;
}

export interface SendMeteringBatchOptions {
  /** `{billingUrl}/internal/metering`. */
  url: string;
  adminSecret: string | undefined;
  batchId: string;
  entries: readonly MeteringEntry[];
  /** Limit of the whole attempt, reading the answer included. */
  timeoutMs: number;
}

export type MeteringOutcome =
  /** Billing applied the batch, now or on an earlier attempt whose answer was lost. */
  | { readonly kind: 'acknowledged' }
  /** 400: billing will never take this body, so sending it again is pointless. */
  | { readonly kind: 'refused'; readonly detail: string }
  /** Anything else (401, 5xx, no connection, a timeout): the same batch must be sent again. */
  | { readonly kind: 'retry'; readonly status?: number; readonly reason: string; readonly err?: unknown };

// Billing's answers are a line of JSON; this much of a refusal is enough for the log.
const maxDetailChars = 500;

/** One attempt at `POST /internal/metering`. Never throws: every failure is an outcome. */
export async function sendMeteringBatch(options: SendMeteringBatchOptions): Promise<MeteringOutcome> {
  const { url, adminSecret, batchId, entries, timeoutMs } = options;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (adminSecret !== undefined) headers['x-admin-secret'] = adminSecret;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ batchId, source: 'gateway', entries }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read to the end whatever the status, so the connection goes back to the pool.
    const text = await response.text();
    if (response.ok) {
      // A 200 from something that is not billing (a proxy, a wrong URL) must not make counts vanish.
      if (acknowledges(text, batchId)) return { kind: 'acknowledged' };
      return { kind: 'retry', status: response.status, reason: `billing answered ${response.status} without acknowledging the batch` };
    }
    if (response.status === 400) return { kind: 'refused', detail: text.slice(0, maxDetailChars) };
    return { kind: 'retry', status: response.status, reason: `billing answered ${response.status}` };
  } catch (err) {
    const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
    return { kind: 'retry', reason: timedOut ? `no answer from billing within ${timeoutMs} ms` : 'billing could not be reached', err };
  }
}

function acknowledges(text: string, batchId: string): boolean {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null && (body as { batchId?: unknown }).batchId === batchId;
  } catch {
    return false;
  }
}
