import type { LookupFunction } from 'node:net';
import type { Database } from '@fedbase/db';
import { DeliveryOutcome, DeliveryStatus } from '@fedbase/prisma';
import type { SecretBox } from '@fedbase/secret-box';
import type { AttemptOutcome } from './attempt-outcomes.ts';
import type { ClaimedDelivery } from './claim-due-deliveries.ts';
import { assertDeliverableUrl } from './destination-guard.ts';
import { retryDelayMs } from './retry-delay.ts';
import { sendWebhook, type SendWebhookResult } from './send-webhook.ts';

export interface AttemptDeliveryOptions {
  db: Database;
  secretBox: SecretBox;
  backoffMs: number;
  maxAttempts: number;
  timeoutMs: number;
  allowPrivateNetworks: boolean;
  lookup: LookupFunction;
  /** Why the delivery must not be sent at all (the plan's quota is used up), or undefined to send it. */
  refuse?: ((delivery: ClaimedDelivery) => Promise<string | undefined>) | undefined;
}

export interface AttemptResult {
  outcome: AttemptOutcome;
  statusCode: number | null;
  /** The request's, connection to response; null when nothing was sent (refused, disabled, bad URL). */
  durationMs: number | null;
  /** After a failure with attempts left: when the next one is due, from now. */
  retryInMs: number | null;
  /** false when the lease had expired and another worker had retaken the delivery. */
  recorded: boolean;
}

/** A delivery's new status and its attempt log row's outcome, by how the attempt ended. */
const recordedAs = {
  succeeded: { status: DeliveryStatus.SUCCEEDED, outcome: DeliveryOutcome.SUCCEEDED },
  failed: { status: DeliveryStatus.FAILED, outcome: DeliveryOutcome.FAILED },
  dead: { status: DeliveryStatus.DEAD, outcome: DeliveryOutcome.DEAD },
} as const satisfies Record<AttemptOutcome, unknown>;

const disabledError = 'the webhook is disabled; enable it and replay dead letters';
const maxErrorLength = 1000;

/**
 * Makes one attempt at a claimed delivery and records its outcome: SUCCEEDED, FAILED (retry
 * scheduled) or DEAD. A disabled webhook or a refusal (quota) is DEAD at once, without sending:
 * a dead letter says why and can be replayed once that changed. The same transaction appends the
 * attempt to `events.delivery_attempts`, which the SLI windows count.
 */
export async function attemptDelivery(delivery: ClaimedDelivery, options: AttemptDeliveryOptions): Promise<AttemptResult> {
  const refusal = delivery.enabled ? await options.refuse?.(delivery) : disabledError;
  const sent: SentAttempt = refusal === undefined ? await send(delivery, options) : { ok: false, error: refusal, durationMs: null };
  const dead = !sent.ok && (refusal !== undefined || delivery.attempts >= options.maxAttempts);
  const outcome: AttemptOutcome = sent.ok ? 'succeeded' : dead ? 'dead' : 'failed';
  const retryInMs = outcome === 'failed' ? retryDelayMs(delivery.attempts, options.backoffMs) : null;
  const statusCode = sent.statusCode ?? null;
  const error = sent.ok ? null : (sent.error ?? 'failed').slice(0, maxErrorLength);
  const recorded = await options.db.prisma.$transaction(async (tx) => {
    const { count } = await tx.delivery.updateMany({
      // Only while the lease is still the one claimed: a worker that overran it lost the row to another.
      where: { id: delivery.id, attempts: delivery.attempts, lockedUntil: delivery.lockedUntil },
      data: {
        status: recordedAs[outcome].status,
        lastStatusCode: statusCode,
        lastError: error,
        nextAttemptAt: retryInMs === null ? null : new Date(Date.now() + retryInMs),
        lockedUntil: null,
      },
    });
    // A lost lease logs nothing: the log holds the outcomes the deliveries took, so a dead attempt
    // here cannot count as a dead letter while the worker that retook the delivery still tries it.
    if (count !== 1) return false;
    await tx.deliveryAttempt.create({
      data: {
        deliveryId: delivery.id,
        projectId: delivery.projectId,
        webhookId: delivery.webhookId,
        outcome: recordedAs[outcome].outcome,
        statusCode,
        error,
        durationMs: sent.durationMs,
      },
    });
    return true;
  });
  return { outcome, statusCode, durationMs: sent.durationMs, retryInMs, recorded };
}

type SentAttempt = SendWebhookResult & { durationMs: number | null };

async function send(delivery: ClaimedDelivery, options: AttemptDeliveryOptions): Promise<SentAttempt> {
  let url: URL;
  let secret: string;
  try {
    // Again at send time: the deployment may have stopped allowing private networks since creation.
    url = assertDeliverableUrl(delivery.url, { allowPrivateNetworks: options.allowPrivateNetworks });
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : 'the URL cannot be used', durationMs: null };
  }
  try {
    secret = options.secretBox.open(delivery.secretSealed);
  } catch {
    return { ok: false, error: 'the signing secret cannot be decrypted: was KEY_ENCRYPTION_SECRET or ADMIN_SECRET changed?', durationMs: null };
  }
  // Built as text around the stored JSON, so the payload is sent exactly as it was published.
  const body = `{"type":${JSON.stringify(delivery.topic)},"timestamp":${JSON.stringify(delivery.eventCreatedAt.toISOString())},"data":${delivery.payloadJson}}`;
  const startedAt = performance.now();
  const sent = await sendWebhook({ url, secret, messageId: delivery.id, timestamp: new Date(), body, timeoutMs: options.timeoutMs, lookup: options.lookup });
  return { ...sent, durationMs: Math.round(performance.now() - startedAt) };
}
