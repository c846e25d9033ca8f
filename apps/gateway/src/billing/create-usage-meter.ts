import { randomUUID } from 'node:crypto';
import type { Logger } from '@fedbase/telemetry';
import { sendMeteringBatch, type MeteringEntry, type MeteringOutcome } from './send-metering-batch.ts';

export interface UsageMeterOptions {
  /** Billing's base URL, e.g. `http://127.0.0.1:4105` (no `/graphql`). */
  billingUrl: string;
  /** Sent as `x-admin-secret`. When undefined the meter still counts and tries; billing answers 401. */
  adminSecret: string | undefined;
  /** How often a batch is cut and sent. @default 5_000 */
  flushIntervalMs?: number;
  /** Limit of one attempt to send a batch. @default 5_000 */
  requestTimeoutMs?: number;
  /** How long `close()` keeps retrying before it gives up on what is left. @default 10_000 */
  closeTimeoutMs?: number;
  /** Most entries in one batch, so a body stays well under billing's size limit. @default 2_000 */
  maxBatchEntries?: number;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** Picks the period (UTC month) of each recorded request. @default () => new Date() */
  now?: () => Date;
  /** Called after billing acknowledged a batch, with the project ids in it (to refresh their quota state). */
  onFlushed?: (projectIds: ReadonlySet<string>) => void;
}

export interface UsageMeter {
  /** Counts one served request; cheap (a Map increment), never awaits. Period = UTC `YYYY-MM` of `now()`. */
  record(projectId: string, operation: string): void;
  /** Requests recorded for the project that billing has not acknowledged yet (pending + the in-flight batch). */
  unacknowledged(projectId: string): number;
  /** Requests of the project billing acknowledged since this meter started (only grows). */
  acknowledged(projectId: string): number;
  /**
   * Sends the batch still waiting, if any, then cuts and sends what was recorded. Resolves when
   * billing acknowledged everything recorded before the call (a batch billing refused with 400 is
   * dropped and logged); rejects if it could not, and the counts stay queued.
   */
  flush(): Promise<void>;
  /** Stops the timer, then flushes, retrying for up to `closeTimeoutMs`; logs what could not be sent. */
  close(): Promise<void>;
}

interface Batch {
  readonly batchId: string;
  readonly entries: readonly MeteringEntry[];
  readonly requestsByProject: ReadonlyMap<string, number>;
}

const maxOperationLength = 100;
const maxBackoffMs = 30_000;
// Billing down or a wrong secret fails every attempt: one line a minute says so well enough.
const failureLogIntervalMs = 60_000;

/**
 * Counts requests per project, month and operation in memory and sends the sums to billing.
 * At most one batch is cut and unacknowledged at a time, and it keeps its id on every retry:
 * billing applies an id once, so a batch whose answer was lost is never counted twice, and a
 * count that may have reached billing never travels under a second id. Meanwhile new requests
 * only add to the map, so memory stays bounded by projects x months x operations.
 */
export function createUsageMeter(options: UsageMeterOptions): UsageMeter {
  const { adminSecret, logger, onFlushed, now = () => new Date() } = options;
  const { flushIntervalMs = 5_000, requestTimeoutMs = 5_000, closeTimeoutMs = 10_000, maxBatchEntries = 2_000 } = options;
  const url = `${options.billingUrl.replace(/\/+$/, '')}/internal/metering`;
  // Insertion-ordered: entries counted earlier are cut first, which is what lets flush() know when it is done.
  const pending = new Map<string, MeteringEntry>();
  const pendingByProject = new Map<string, number>();
  const acknowledgedByProject = new Map<string, number>();
  let inFlight: Batch | undefined;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let failures = 0;
  let ticksToSkip = 0;
  let closeDeadline: number | undefined;
  let closing: Promise<void> | undefined;
  const lastFailureLog = new Map<string, number>();

  const cutBatch = (): Batch | undefined => {
    if (pending.size === 0) return undefined;
    const entries: MeteringEntry[] = [];
    const requestsByProject = new Map<string, number>();
    for (const [key, entry] of pending) {
      if (entries.length === maxBatchEntries) break;
      pending.delete(key); // a later record() starts a new entry: this one now belongs to the batch
      entries.push(entry);
      add(requestsByProject, entry.projectId, entry.requests);
      add(pendingByProject, entry.projectId, -entry.requests);
    }
    return { batchId: randomUUID(), entries, requestsByProject };
  };

  const logFailure = (batch: Batch, outcome: Extract<MeteringOutcome, { kind: 'retry' }>): void => {
    const kind = outcome.status === 401 ? 'unauthorized' : 'unavailable';
    const at = performance.now();
    if (at - (lastFailureLog.get(kind) ?? -Infinity) < failureLogIntervalMs) return;
    lastFailureLog.set(kind, at);
    const fields = { err: outcome.err, batchId: batch.batchId, reason: outcome.reason };
    if (kind === 'unauthorized') logger.error(fields, 'billing refused the admin secret; usage is kept and retried (check ADMIN_SECRET)');
    else logger.warn(fields, 'billing did not acknowledge a usage batch; it is kept and retried with the same id');
  };

  const deliver = async (batch: Batch): Promise<void> => {
    const timeoutMs = closeDeadline === undefined ? requestTimeoutMs : Math.max(1, Math.min(requestTimeoutMs, Math.ceil(closeDeadline - performance.now())));
    const outcome = await sendMeteringBatch({ url, adminSecret, batchId: batch.batchId, entries: batch.entries, timeoutMs });
    if (outcome.kind === 'retry') {
      failures += 1;
      // Exponential, counted in timer ticks: 1, 2, 4, ... intervals, up to about 30 s.
      ticksToSkip = Math.min(2 ** (failures - 1), Math.max(1, Math.floor(maxBackoffMs / flushIntervalMs))) - 1;
      logFailure(batch, outcome);
      throw new Error(`usage batch ${batch.batchId} not acknowledged: ${outcome.reason}`, { cause: outcome.err });
    }
    inFlight = undefined;
    failures = 0;
    ticksToSkip = 0;
    if (outcome.kind === 'refused') {
      const { batchId, entries } = batch;
      logger.error({ batchId, entries: entries.length, requests: sum(entries), detail: outcome.detail }, 'billing refused a usage batch (400); its counts are dropped');
      return;
    }
    for (const [projectId, requests] of batch.requestsByProject) add(acknowledgedByProject, projectId, requests);
    try {
      onFlushed?.(new Set(batch.requestsByProject.keys()));
    } catch (err) {
      logger.error({ err }, 'onFlushed threw after a usage batch was acknowledged');
    }
  };

  const drain = async (): Promise<void> => {
    // Entries present now come first in `pending`, so this many batches cover them all.
    let batchesLeft = Math.ceil(pending.size / maxBatchEntries);
    if (inFlight) await deliver(inFlight);
    for (; batchesLeft > 0; batchesLeft -= 1) {
      inFlight = cutBatch();
      if (!inFlight) return;
      await deliver(inFlight);
    }
  };

  const start = (): Promise<void> => {
    const run: Promise<void> = drain().finally(() => {
      if (running === run) running = undefined;
    });
    running = run;
    return run;
  };

  const flush = (): Promise<void> => {
    if (!running) return start();
    // The drain under way may have cut its batch before this call: one more drain after it
    // covers every caller that arrives meanwhile, however many.
    queued ??= running
      .catch(() => {})
      .then(() => {
        queued = undefined;
        return start();
      });
    return queued;
  };

  const timer = setInterval(() => {
    if (ticksToSkip > 0) ticksToSkip -= 1;
    else if (!running && (inFlight || pending.size > 0)) flush().catch(() => {}); // logged in deliver()
  }, flushIntervalMs).unref();

  const closeOnce = async (): Promise<void> => {
    clearInterval(timer);
    const deadline = performance.now() + closeTimeoutMs;
    closeDeadline = deadline;
    for (let pauseMs = 100; ; pauseMs = Math.min(pauseMs * 2, 2_000)) {
      try {
        return await flush();
      } catch (err) {
        const leftMs = deadline - performance.now();
        if (leftMs > 0) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(pauseMs, leftMs)));
          continue;
        }
        const unsent = [...(inFlight?.entries ?? []), ...pending.values()];
        const projects = new Set(unsent.map((entry) => entry.projectId)).size;
        logger.error({ err, entries: unsent.length, requests: sum(unsent), projects }, 'usage not acknowledged by billing before shutdown; these requests go unbilled');
        return;
      }
    }
  };

  return {
    record(projectId, operation) {
      const period = now().toISOString().slice(0, 7);
      const name = operationLabel(operation);
      // Nothing else can contain a NUL (a uuid, a fixed-width month), so keys cannot collide.
      const key = `${projectId}\0${period}\0${name}`;
      const entry = pending.get(key);
      if (entry) entry.requests += 1;
      else pending.set(key, { projectId, period, operation: name, requests: 1 });
      add(pendingByProject, projectId, 1);
    },
    unacknowledged(projectId) {
      return (pendingByProject.get(projectId) ?? 0) + (inFlight?.requestsByProject.get(projectId) ?? 0);
    },
    acknowledged(projectId) {
      return acknowledgedByProject.get(projectId) ?? 0;
    },
    flush,
    close() {
      closing ??= closeOnce();
      return closing;
    },
  };
}

function operationLabel(operation: string): string {
  if (operation === '') return 'anonymous';
  if (operation.length <= maxOperationLength) return operation;
  // Cut on a code point: half a surrogate pair is not valid UTF-8, and billing stores UTF-8.
  const cut = operation.slice(0, maxOperationLength);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

function add(counts: Map<string, number>, key: string, delta: number): void {
  const total = (counts.get(key) ?? 0) + delta;
  if (total === 0) counts.delete(key); // keeps the map as small as the set of projects with unsent counts
  else counts.set(key, total);
}

function sum(entries: Iterable<MeteringEntry>): number {
  let total = 0;
  for (const entry of entries) total += entry.requests;
  return total;
}
