import type { Database } from '@fedbase/db';
import type { Logger } from '@fedbase/telemetry';
import type { ObjectStore } from '../storage/index.ts';

export interface FileJanitor {
  /** Removes queued bytes now (after a delete commits); passes never overlap. */
  drainDeletions(): void;
  /** Starts the periodic sweep (and runs one now). */
  start(): void;
  /** One sweep, awaited: expired pending files, incomplete writes, queued deletions. */
  sweep(): Promise<{ expiredFiles: number; incompleteWrites: number; deletedObjects: number }>;
  close(): Promise<void>;
}

/** An unused upload ticket's file row is kept this long past expiry before it goes. */
const expiredGraceSeconds = 3600;

/**
 * Keeps storage and rows in step. Deleting a file queues its bytes (`pending_deletions`) in the
 * same transaction; the janitor removes them and then the queue row, so a crash in between only
 * repeats an idempotent delete. Periodically it also drops PENDING files whose ticket expired
 * (queueing their key: an upload may have died between writing and committing) and the leftovers
 * of writes that never finished.
 */
export function createFileJanitor({ db, store, logger, intervalMs = 10 * 60_000 }: { db: Database; store: ObjectStore; logger: Logger; intervalMs?: number }): FileJanitor {
  let draining: Promise<number> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const drainOnce = async (): Promise<number> => {
    let deleted = 0;
    for (;;) {
      const queued = await db.prisma.pendingDeletion.findMany({ take: 100, orderBy: { createdAt: 'asc' } });
      for (const { storageKey } of queued) {
        await store.delete(storageKey);
        await db.prisma.pendingDeletion.delete({ where: { storageKey } }).catch(() => undefined);
        deleted += 1;
      }
      if (queued.length < 100 || closed) return deleted;
    }
  };

  const drain = (): Promise<number> => {
    if (draining) {
      again = true;
      return draining;
    }
    draining = drainOnce()
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'removing deleted files\' bytes failed; the next sweep retries');
        return 0;
      })
      .finally(() => {
        draining = undefined;
        if (again && !closed) {
          again = false;
          void drain();
        }
      });
    return draining;
  };

  const sweep = async () => {
    const expired = await db.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRawUnsafe<{ key: string }[]>(
        `DELETE FROM files.files WHERE status = 'PENDING' AND expires_at < now() - interval '${expiredGraceSeconds} seconds'
         RETURNING project_id::text || '/' || id::text AS key`,
      );
      if (rows.length) await tx.pendingDeletion.createMany({ data: rows.map((row) => ({ storageKey: row.key })), skipDuplicates: true });
      return rows.length;
    });
    const incompleteWrites = await store.sweepIncomplete(expiredGraceSeconds * 1000);
    const deletedObjects = await drain();
    return { expiredFiles: expired, incompleteWrites, deletedObjects };
  };

  const tick = () => {
    sweep()
      .catch((error: unknown) => logger.warn({ err: error }, 'the files sweep failed; it runs again later'))
      .finally(() => {
        if (closed) return;
        timer = setTimeout(tick, intervalMs);
        timer.unref();
      });
  };

  return {
    drainDeletions: () => void drain(),
    start: tick,
    sweep,
    async close() {
      closed = true;
      clearTimeout(timer);
      await draining;
    },
  };
}
