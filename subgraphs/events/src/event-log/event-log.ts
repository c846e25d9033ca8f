import { requireProject, type RequestContext } from '@fedbase/context';
import type { Database } from '@fedbase/db';
import { decodeTimeIdCursor, encodeTimeIdCursor, isUuid } from '@fedbase/db';
import { Errors } from '@fedbase/errors';
import { mapMessages, type EventBus } from '@fedbase/event-bus';
import { outboxChannel, type OutboxRow } from '@fedbase/outbox';
import { eventColumns, toEventRecord, type EventRecord, type EventRow } from './event-record.ts';
import { lockAuditChains } from '../audit-log/index.ts';
import { auditTopicPrefix, recordEvent } from './record-event.ts';
import { assertPublishableTopic, assertTopicFilter, reachesSystemTopics, systemTopicPrefixes } from './topics.ts';

export interface PublishInput {
  topic: string;
  payload: unknown;
  idempotencyKey?: string | null;
}

export interface ListEventsInput {
  topic: string;
  first?: number | null;
  after?: string | null;
}

export interface EventConnection {
  edges: { cursor: string; node: EventRecord }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Counted only when asked for. */
  totalCount: () => Promise<number>;
}

export interface EventLog {
  publish(context: RequestContext, input: PublishInput): Promise<EventRecord>;
  /** System events forwarded by another subgraph's outbox relay; idempotent per (source, row id). */
  ingest(source: string, rows: readonly OutboxRow[]): Promise<number>;
  /** The log of a topic (or prefix pattern), oldest first: keep `endCursor` and come back for more. */
  listEvents(context: RequestContext, input: ListEventsInput): Promise<EventConnection>;
  findEvents(projectId: string, ids: readonly string[]): Promise<(EventRecord | null)[]>;
  /** `eventPublished`: events of a topic (or pattern) as they are logged, on any instance. */
  watchEvents(context: RequestContext, topic: string): Promise<AsyncIterableIterator<EventRecord>>;
}

const maxPayloadBytes = 64 * 1024;
const maxIdempotencyKeyLength = 200;

/** Publishing needs the secret key or a signed-in user; the secret key alone reads system events. */
function requireTopicAccess(context: RequestContext, topic: string): string {
  const project = requireProject(context);
  if (project.keyKind === 'secret') return project.id;
  if (reachesSystemTopics(topic)) {
    throw Errors.forbidden(`"${topic}" includes Fedbase's system events (${systemTopicPrefixes.join(', ')}), which only the secret key may read.`);
  }
  if (!context.user) throw Errors.unauthenticated('Sign in (send an access token) to use events, or call with the secret key.');
  return project.id;
}

export function createEventLog(options: { db: Database; bus: EventBus; afterCommit?: () => void }): EventLog {
  const { db, bus } = options;
  const afterCommit = options.afterCommit ?? (() => {});

  return {
    async publish(context, { topic, payload, idempotencyKey = null }) {
      assertPublishableTopic(topic);
      const projectId = requireTopicAccess(context, topic);
      const body = JSON.stringify(payload);
      if (body === undefined) throw Errors.badUserInput('The payload must be a JSON value.', { field: 'payload' });
      if (Buffer.byteLength(body) > maxPayloadBytes) throw Errors.payloadTooLarge(maxPayloadBytes);
      if (idempotencyKey !== null && (idempotencyKey.length === 0 || idempotencyKey.length > maxIdempotencyKeyLength)) {
        throw Errors.badUserInput(`An idempotency key is 1 to ${maxIdempotencyKeyLength} characters.`, { field: 'idempotencyKey' });
      }
      const recorded = await db.prisma.$transaction((tx) => recordEvent(tx, { projectId, topic, payload, idempotencyKey }));
      if (!recorded.sameAsRequested) {
        throw Errors.conflict(`The idempotency key "${idempotencyKey}" was used for a different event: use a new key for a new event.`);
      }
      if (recorded.created) afterCommit();
      return recorded.event;
    },

    async ingest(source, rows) {
      let created = 0;
      await db.prisma.$transaction(async (tx) => {
        // Every chain this batch appends to, locked up front in one order: another ingest
        // appending to the same projects waits rather than deadlocks.
        await lockAuditChains(tx, rows.filter((row) => row.topic.startsWith(auditTopicPrefix)).map((row) => row.projectId));
        for (const row of rows) {
          const result = await recordEvent(tx, {
            projectId: row.projectId,
            topic: row.topic,
            payload: row.payload,
            idempotencyKey: `${source}:${row.id}`,
            createdAt: new Date(row.createdAt),
            source,
          });
          if (result.created) created += 1;
        }
      });
      if (created) afterCommit();
      return created;
    },

    async listEvents(context, { topic, first, after }) {
      assertTopicFilter(topic);
      const projectId = requireTopicAccess(context, topic);
      const limit = first ?? 20;
      if (!Number.isInteger(limit) || limit < 0 || limit > 100) throw Errors.badUserInput('first is 0 to 100.', { field: 'first' });
      const params: unknown[] = [projectId];
      const conditions = ['e.project_id = $1::uuid'];
      if (topic !== '*') {
        params.push(topic.endsWith('*') ? topic.slice(0, -1) : topic);
        conditions.push(topic.endsWith('*') ? `starts_with(e.topic, $${params.length})` : `e.topic = $${params.length}`);
      }
      const filter = conditions.join(' AND ');
      const countParams = [...params];
      if (after) {
        const cursor = decodeCursor(after);
        params.push(cursor.createdAt, cursor.id);
        conditions.push(`(e.created_at, e.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      const rows = await db.prisma.$queryRawUnsafe<EventRow[]>(
        `SELECT ${eventColumns} FROM events.events e WHERE ${conditions.join(' AND ')} ORDER BY e.created_at, e.id LIMIT ${limit + 1}`,
        ...params,
      );
      const page = rows.slice(0, limit).map(toEventRecord);
      const edges = page.map((node) => ({ cursor: encodeTimeIdCursor(node), node }));
      return {
        edges,
        pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? after ?? null },
        totalCount: async () => {
          const [row] = await db.prisma.$queryRawUnsafe<{ count: number }[]>(`SELECT count(*)::int AS count FROM events.events e WHERE ${filter}`, ...countParams);
          return row?.count ?? 0;
        },
      };
    },

    async findEvents(projectId, ids) {
      const valid = ids.filter(isUuid);
      if (!valid.length) return ids.map(() => null);
      const rows = await db.prisma.$queryRawUnsafe<EventRow[]>(
        `SELECT ${eventColumns} FROM events.events e WHERE e.project_id = $1::uuid AND e.id = ANY($2::uuid[])`,
        projectId,
        valid,
      );
      const byId = new Map(rows.map((row) => [row.id, toEventRecord(row)]));
      return ids.map((id) => byId.get(id) ?? null);
    },

    async watchEvents(context, topic) {
      assertTopicFilter(topic);
      const projectId = requireTopicAccess(context, topic);
      const subscription = bus.subscribe(outboxChannel('events', projectId, topic));
      await subscription.ready;
      return mapMessages(subscription, (message) => {
        const event = (message.payload as OutboxRow).payload as EventRecord & { createdAt: string };
        return { ...event, createdAt: new Date(event.createdAt) };
      });
    },
  };
}

function decodeCursor(after: string) {
  const position = decodeTimeIdCursor(after);
  if (!position) throw Errors.badUserInput('`after` is not a cursor of this list: pass an endCursor or edge cursor you were given.', { field: 'after' });
  return position;
}
