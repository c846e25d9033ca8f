import { randomUUID } from 'node:crypto';
import type { Prisma } from '@fedbase/prisma';
import { appendAuditEntry } from '../audit-log/index.ts';
import { enqueueDeliveries } from '../webhooks/enqueue-deliveries.ts';
import { eventColumns, toEventRecord, type EventRecord, type EventRow } from './event-record.ts';

export interface NewEvent {
  projectId: string;
  topic: string;
  payload: unknown;
  /** Same key twice in a project: the first event is returned and nothing new happens. */
  idempotencyKey: string | null;
  /** When it happened, for a forwarded system event. @default now */
  createdAt?: Date;
  /** The subgraph that emitted a system event; the audit log records it. @default 'events' */
  source?: string;
}

/** Topics of privileged actions: their events are also appended to the project's audit chain. */
export const auditTopicPrefix = 'audit.';

export interface RecordedEvent {
  event: EventRecord;
  /** false when the idempotency key was seen before: `event` is the first one. */
  created: boolean;
  /** With `created: false`, whether the first event had the same topic and payload. */
  sameAsRequested: boolean;
}

/**
 * Logs one event in the caller's transaction, queues a delivery to each matching webhook and an
 * outbox row for `eventPublished` subscribers, all or nothing. A repeated idempotency key returns
 * the logged event with `created: false` and queues nothing again, so a retried publish or a
 * relay resending a batch after a crash never delivers twice. An `audit.*` event is appended to
 * the project's audit chain in the same transaction, once, when it is first logged.
 */
export async function recordEvent(tx: Prisma.TransactionClient, event: NewEvent): Promise<RecordedEvent> {
  const { projectId, topic, payload, idempotencyKey } = event;
  const [inserted] = await tx.$queryRawUnsafe<EventRow[]>(
    `INSERT INTO events.events AS e (id, project_id, topic, payload, idempotency_key, created_at)
     VALUES ($1::uuid, $2::uuid, $3, $4::jsonb, $5, COALESCE($6::timestamptz, now()))
     ON CONFLICT (project_id, idempotency_key) DO NOTHING RETURNING ${eventColumns}`,
    randomUUID(),
    projectId,
    topic,
    JSON.stringify(payload),
    idempotencyKey,
    event.createdAt?.toISOString() ?? null,
  );
  if (!inserted) {
    const [existing] = await tx.$queryRawUnsafe<(EventRow & { same: boolean })[]>(
      `SELECT ${eventColumns}, (e.topic = $3 AND e.payload = $4::jsonb) AS same FROM events.events e
       WHERE e.project_id = $1::uuid AND e.idempotency_key = $2`,
      projectId,
      idempotencyKey,
      topic,
      JSON.stringify(payload),
    );
    if (!existing) throw new Error('an idempotency key conflicted but its event is gone');
    return { event: toEventRecord(existing), created: false, sameAsRequested: existing.same };
  }
  const record = toEventRecord(inserted);
  if (topic.startsWith(auditTopicPrefix)) {
    const { actor = null, target = null, details = {} } = (payload ?? {}) as { actor?: unknown; target?: unknown; details?: unknown };
    await appendAuditEntry(tx, {
      projectId,
      at: record.createdAt,
      action: topic.slice(auditTopicPrefix.length),
      source: event.source ?? 'events',
      actor,
      target,
      details,
    });
  }
  await enqueueDeliveries(tx, { id: record.id, projectId, topic });
  await tx.eventsOutbox.create({
    data: { projectId, topic, aggregateId: record.id, payload: { ...record, createdAt: record.createdAt.toISOString() } as Prisma.InputJsonObject },
  });
  return { event: record, created: true, sameAsRequested: true };
}
