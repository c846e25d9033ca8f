import type { Database } from '@fedbase/db';
import type { SecretBox } from '@fedbase/secret-box';
import { attemptDelivery } from './attempt-delivery.ts';
import type { AttemptOutcome } from './attempt-outcomes.ts';
import { claimDueDeliveries, type ClaimedDelivery } from './claim-due-deliveries.ts';
import type { WebhookMetrics } from './create-webhook-metrics.ts';
import { createGuardedLookup } from './destination-guard.ts';
import { pruneDeliveryAttempts } from './prune-delivery-attempts.ts';

export interface DeliveryOutcome {
  projectId: string;
  webhookId: string;
  deliveryId: string;
  outcome: AttemptOutcome;
  statusCode: number | null;
}

export interface DeliveryWorkerOptions {
  db: Database;
  /** Opens the webhooks' sealed signing secrets. */
  secretBox: SecretBox;
  /** The first retry's upper bound; each later one doubles it (full jitter). */
  backoffMs: number;
  /** Attempts before a delivery is DEAD. */
  maxAttempts: number;
  /** One attempt's limit, connection to last byte. */
  timeoutMs: number;
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS. */
  allowPrivateNetworks: boolean;
  /** Attempts in flight at once in this worker. @default 8 */
  concurrency?: number;
  /** How often to look for due deliveries without a kick. @default 1000 */
  pollIntervalMs?: number;
  /** How long a claimed delivery is kept from other workers; must outlast an attempt. @default timeoutMs + 30_000 */
  leaseMs?: number;
  logger?: { warn(details: object, message: string): void };
  /** Why a delivery must not be sent (the plan's quota is used up): it goes DEAD with that error. */
  refuse?: (delivery: ClaimedDelivery) => Promise<string | undefined>;
  /** Told of every attempt (for metering); a throw is logged and ignored. */
  onOutcome?: (outcome: DeliveryOutcome) => void;
  /** Counts each recorded attempt and its request's duration (`createWebhookMetrics`). */
  metrics?: WebhookMetrics;
  /** How often, once started, attempt rows past their retention are deleted. @default 600_000 */
  pruneIntervalMs?: number;
}

export interface DeliveryWorker {
  /** Starts polling, attempting due deliveries in the background; until then `kick` does nothing. */
  start(): void;
  /** Asks for a pass now (after new deliveries were queued); kicks during a pass make one more pass. */
  kick(): void;
  /** One pass, awaited: claims due deliveries for the free slots, attempts them; returns how many. */
  runOnce(): Promise<number>;
  /** Stops polling and pruning, and waits for the attempts in flight. */
  close(): Promise<void>;
}

/** Drains the delivery queue. Any number of workers, in any number of processes, can share it. */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { db, concurrency = 8, pollIntervalMs = 1000, logger, onOutcome, metrics, pruneIntervalMs = 600_000 } = options;
  const leaseMs = options.leaseMs ?? options.timeoutMs + 30_000;
  const attemptOptions = { ...options, lookup: createGuardedLookup({ allowPrivateNetworks: options.allowPrivateNetworks }) };
  const warn = (error: unknown, message: string) => logger?.warn({ err: error }, message);

  const inFlight = new Set<Promise<void>>();
  let claims: Promise<unknown> = Promise.resolve();
  let started = false;
  let closed = false;
  let pass: Promise<void> | undefined;
  let again = false;
  // The last claim filled every free slot: more may be due, so a finished attempt asks for another pass.
  let moreDue = false;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let pruneTimer: NodeJS.Timeout | undefined;
  let pruning: Promise<void> | undefined;
  const stopPruning = new AbortController();

  const schedule = (delayMs: number) => {
    if (!started || closed || Date.now() + delayMs >= timerAt) return;
    clearTimeout(timer);
    timerAt = Date.now() + delayMs;
    timer = setTimeout(() => {
      timerAt = Infinity;
      kick();
    }, delayMs);
    timer.unref();
  };

  const attempt = async (delivery: ClaimedDelivery) => {
    const result = await attemptDelivery(delivery, attemptOptions);
    if (!result.recorded) warn(null, `webhook delivery ${delivery.id} outlived its lease; another worker retook it and its outcome stands`);
    else metrics?.observe(result.outcome, result.durationMs);
    if (result.retryInMs !== null) schedule(result.retryInMs);
    try {
      onOutcome?.({ projectId: delivery.projectId, webhookId: delivery.webhookId, deliveryId: delivery.id, outcome: result.outcome, statusCode: result.statusCode });
    } catch (error) {
      warn(error, 'onOutcome threw; the delivery outcome is recorded regardless');
    }
  };

  const track = (delivery: ClaimedDelivery): Promise<void> => {
    const tracked: Promise<void> = attempt(delivery)
      .catch((error: unknown) => warn(error, `webhook delivery ${delivery.id} could not be recorded; it is retried once its lease expires`))
      .finally(() => {
        inFlight.delete(tracked);
        if (moreDue) kick();
      });
    inFlight.add(tracked);
    return tracked;
  };

  /** Claims for the free slots and starts those attempts; claims run one at a time so slots are counted right. */
  const claimAndStart = (): Promise<Promise<void>[]> => {
    const claimed = claims.then(async () => {
      const free = concurrency - inFlight.size;
      if (closed || free <= 0) return [];
      const deliveries = await claimDueDeliveries(db, { limit: free, leaseMs });
      moreDue = deliveries.length === free;
      return deliveries.map(track);
    });
    claims = claimed.catch(() => {});
    return claimed;
  };

  const kick = (): void => {
    if (!started || closed) return;
    if (pass) {
      again = true;
      return;
    }
    pass = claimAndStart()
      .then(() => undefined)
      .catch((error: unknown) => warn(error, 'claiming due webhook deliveries failed; trying again at the next poll'))
      .finally(() => {
        pass = undefined;
        if (again) {
          again = false;
          kick();
        } else {
          schedule(pollIntervalMs);
        }
      });
  };

  // Every worker prunes; SKIP LOCKED keeps them off each other's batches. A run still going is left to finish.
  const prune = () => {
    if (pruning || closed) return;
    pruning = pruneDeliveryAttempts(db, { signal: stopPruning.signal })
      .then(() => undefined)
      .catch((error: unknown) => warn(error, 'pruning old webhook delivery attempts failed; the next run tries again'))
      .finally(() => {
        pruning = undefined;
      });
  };

  return {
    start() {
      if (started || closed) return;
      started = true;
      kick();
      prune();
      pruneTimer = setInterval(prune, pruneIntervalMs);
      pruneTimer.unref();
    },
    kick,
    async runOnce() {
      const attempts = await claimAndStart();
      await Promise.all(attempts);
      return attempts.length;
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(pruneTimer);
      stopPruning.abort();
      await pruning;
      await pass;
      await claims;
      await Promise.all(inFlight);
    },
  };
}
