import type { Database } from '@fedbase/db';
import type { OutboxRow } from './outbox-row.ts';

export interface OutboxRelayOptions {
  db: Database;
  /** The PostgreSQL schema whose `outbox` table is relayed: `data`, `identity`, `events` ... */
  schema: string;
  /**
   * The column that marks a row done for THIS relay. Each destination has its own column, so a
   * slow or unreachable destination (the event log) never holds back another (the bus).
   */
  column: 'published_at' | 'forwarded_at';
  /** Sends rows (oldest first); resolves once the destination has them. A throw retries the batch. */
  deliver: (rows: readonly OutboxRow[]) => Promise<void>;
  /** @default 200 */
  batchSize?: number;
  /** How often to look without a kick: rows of other processes, retries. @default 1000 */
  pollIntervalMs?: number;
  /** The longest pause after failures (doubling from pollIntervalMs). @default 30_000 */
  maxBackoffMs?: number;
  /**
   * The first failure of each run of failed passes: while the destination or the database is
   * away every kick and retry fails again, and one line per outage is enough. @default ignore
   */
  onError?: (error: Error) => void;
  /** A pass succeeded after failures reported to `onError`; gets how many passes had failed. */
  onRecover?: (failedPasses: number) => void;
}

export interface OutboxRelay {
  /** Starts polling (and relays whatever a previous process left unsent). */
  start(): void;
  /** Asks for a pass now, e.g. right after a commit; passes never overlap. */
  kick(): void;
  /** Relays until nothing is left (or a delivery fails); returns how many rows were relayed. */
  drain(): Promise<number>;
  /** Stops polling and waits for the pass in flight. */
  close(): Promise<void>;
}

interface RawRow {
  id: string;
  project_id: string;
  topic: string;
  aggregate_id: string;
  payload: unknown;
  created_at: Date | string;
}

/**
 * The transactional outbox's second half. Rows are written in the same transaction as the change
 * they describe; this relays them and only then marks them, so a crash in between sends a batch
 * again rather than losing it: at least once, never "committed but never sent". Destinations
 * dedupe by row id (the event log does, by idempotency key).
 *
 * Order per aggregate holds because one relay at a time works an outbox: with PostgreSQL a
 * transaction-scoped advisory lock elects it (other processes skip their pass), and a row of an
 * aggregate is only written after the previous one's transaction committed (the writers lock the
 * aggregate's row), so ids increase per aggregate in commit order. PGlite serves one process, whose
 * passes are already serial; holding its single connection while delivering would stall every
 * other query of the process, so there no transaction is held.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, schema, column, deliver, batchSize = 200, pollIntervalMs = 1000, maxBackoffMs = 30_000 } = options;
  const onError = options.onError ?? (() => {});
  const onRecover = options.onRecover ?? (() => {});
  if (!/^[a-z_]+$/.test(schema)) throw new TypeError(`not a schema name: ${schema}`);
  const table = `"${schema}"."outbox"`;
  // ORDER BY names the table's column: a bare `id` would be the text alias, and '10' < '9'.
  const select = `SELECT id::text AS id, project_id::text AS project_id, topic, aggregate_id, payload, created_at
    FROM ${table} WHERE ${column} IS NULL ORDER BY ${table}.id LIMIT ${Number(batchSize)}`;
  const mark = `UPDATE ${table} SET ${column} = now() WHERE id = ANY($1::bigint[])`;
  const lockName = `fedbase-outbox:${schema}:${column}`;

  const toRow = (raw: RawRow): OutboxRow => ({
    id: raw.id,
    projectId: raw.project_id,
    topic: raw.topic,
    aggregateId: raw.aggregate_id,
    payload: typeof raw.payload === 'string' ? JSON.parse(raw.payload) : raw.payload,
    createdAt: new Date(raw.created_at),
  });

  /** One batch; returns how many rows were relayed, or `busy` when another process holds the outbox. */
  const relayBatch = async (): Promise<number | 'busy'> => {
    if (db.kind === 'pglite') {
      const rows = (await db.query<RawRow>(select)).map(toRow);
      if (rows.length === 0) return 0;
      await deliver(rows);
      await db.query(mark, [rows.map((row) => row.id)]);
      return rows.length;
    }
    return db.prisma.$transaction(async (tx) => {
      const [lock] = await tx.$queryRawUnsafe<{ locked: boolean }[]>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', lockName);
      if (!lock?.locked) return 'busy';
      const rows = (await tx.$queryRawUnsafe<RawRow[]>(select)).map(toRow);
      if (rows.length === 0) return 0;
      await deliver(rows);
      await tx.$executeRawUnsafe(mark, rows.map((row) => row.id));
      return rows.length;
    });
  };

  let closed = false;
  let running: Promise<number> | undefined;
  let again = false;
  let failures = 0;
  let busy = false;
  let timer: NodeJS.Timeout | undefined;

  const drain = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const count = await relayBatch();
      busy = count === 'busy';
      if (count === 'busy') return total;
      total += count;
      if (count < batchSize || closed) return total;
    }
  };

  const schedule = (delayMs: number) => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => kick(), delayMs);
    timer.unref();
  };

  const kick = (): void => {
    if (closed) return;
    if (running) {
      again = true; // a commit landed during the pass: look once more right after it
      return;
    }
    running = drain()
      .then((count) => {
        if (failures > 0) onRecover(failures);
        failures = 0;
        return count;
      })
      .catch((error: unknown) => {
        failures += 1;
        if (failures === 1) onError(error instanceof Error ? error : new Error(String(error)));
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (again && failures === 0) {
          again = false;
          kick();
        } else {
          again = false;
          // Another process is relaying: it may not have seen the row just kicked for, so look
          // again soon rather than a whole poll later.
          const idleMs = busy ? Math.min(50, pollIntervalMs) : pollIntervalMs;
          schedule(failures === 0 ? idleMs : Math.min(maxBackoffMs, pollIntervalMs * 2 ** failures));
        }
      });
  };

  return {
    start: kick,
    kick,
    drain: async () => {
      await running;
      return drain();
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await running;
    },
  };
}
