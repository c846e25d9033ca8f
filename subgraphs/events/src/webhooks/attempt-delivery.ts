import type { LookupFunction } from 'node:net';
import type { Database } from '@fedbase/db';
import { DeliveryStatus } from '@fedbase/prisma';
import type { SecretBox } from '@fedbase/secret-box';
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
  outcome: 'succeeded' | 'failed' | 'dead';
  statusCode: number | null;
  /** After a failure with attempts left: when the next one is due, from now. */
  retryInMs: number | null;
  /** false when the lease had expired and another worker had retaken the delivery. */
  recorded: boolean;
}

const disabledError = 'the webhook is disabled; enable it and replay dead letters';
const maxErrorLength = 1000;

/**
 * Makes one attempt at a claimed delivery and records its outcome: SUCCEEDED, FAILED (retry
 * scheduled) or DEAD. A disabled webhook or a refusal (quota) is DEAD at once, without sending:
 * a dead letter says why and can be replayed once that changed.
 */
export async function attemptDelivery(delivery: ClaimedDelivery, options: AttemptDeliveryOptions): Promise<AttemptResult> {
  const refusal = delivery.enabled ? await options.refuse?.(delivery) : disabledError;
  const sent: SendWebhookResult = refusal === undefined ? await send(delivery, options) : { ok: false, error: refusal };
  const dead = !sent.ok && (refusal !== undefined || delivery.attempts >= options.maxAttempts);
  const outcome = sent.ok ? 'succeeded' : dead ? 'dead' : 'failed';
  const retryInMs = outcome === 'failed' ? retryDelayMs(delivery.attempts, options.backoffMs) : null;
  const statusCode = sent.statusCode ?? null;
  const { count } = await options.db.prisma.delivery.updateMany({
    // Only while the lease is still the one claimed: a worker that overran it lost the row to another.
    where: { id: delivery.id, attempts: delivery.attempts, lockedUntil: delivery.lockedUntil },
    data: {
      status: outcome === 'succeeded' ? DeliveryStatus.SUCCEEDED : outcome === 'dead' ? DeliveryStatus.DEAD : DeliveryStatus.FAILED,
      lastStatusCode: statusCode,
      lastError: sent.ok ? null : (sent.error ?? 'failed').slice(0, maxErrorLength),
      nextAttemptAt: retryInMs === null ? null : new Date(Date.now() + retryInMs),
      lockedUntil: null,
    },
  });
  return { outcome, statusCode, retryInMs, recorded: count === 1 };
}

async function send(delivery: ClaimedDelivery, options: AttemptDeliveryOptions): Promise<SendWebhookResult> {
  let url: URL;
  let secret: string;
  try {
    // Again at send time: the deployment may have stopped allowing private networks since creation.
    url = assertDeliverableUrl(delivery.url, { allowPrivateNetworks: options.allowPrivateNetworks });
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : 'the URL cannot be used' };
  }
  try {
    secret = options.secretBox.open(delivery.secretSealed);
  } catch {
    return { ok: false, error: 'the signing secret cannot be decrypted: was KEY_ENCRYPTION_SECRET or ADMIN_SECRET changed?' };
  }
  // Built as text around the stored JSON, so the payload is sent exactly as it was published.
  const body = `{"type":${JSON.stringify(delivery.topic)},"timestamp":${JSON.stringify(delivery.eventCreatedAt.toISOString())},"data":${delivery.payloadJson}}`;
  return sendWebhook({ url, secret, messageId: delivery.id, timestamp: new Date(), body, timeoutMs: options.timeoutMs, lookup: options.lookup });
}
