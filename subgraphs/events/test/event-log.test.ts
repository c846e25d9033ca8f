import { randomUUID } from 'node:crypto';
import type { Database } from '@fedbase/db';
import { createEventBus, type EventBus } from '@fedbase/event-bus';
import { createOutboxRelay, outboxChannel, type OutboxRelay } from '@fedbase/outbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventLog, type EventLog } from '../src/event-log/event-log.ts';
import { caller, engines } from './events-engines.ts';

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: { extensions?: { code?: string } }) => error.extensions?.code);

describe.each(engines)('the event log on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let bus: EventBus;
  let relay: OutboxRelay;
  let log: EventLog;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    bus = createEventBus();
    relay = createOutboxRelay({ db, schema: 'events', column: 'published_at', deliver: async (rows) => {
      for (const row of rows) await bus.publish(outboxChannel('events', row.projectId, row.topic), row);
    } });
    log = createEventLog({ db, bus, afterCommit: () => relay.kick() });
  }, 60_000);
  afterAll(async () => {
    await relay?.close();
    await bus?.close();
    await dispose?.();
  });

  it('returns the first event for a repeated idempotency key and refuses the key for a different event', async () => {
    const projectId = randomUUID();
    const server = caller(projectId);
    const first = await log.publish(server, { topic: 'app.order', payload: { n: 1 }, idempotencyKey: 'k1' });
    const again = await log.publish(server, { topic: 'app.order', payload: { n: 1 }, idempotencyKey: 'k1' });
    expect(again).toEqual(first);
    expect(await codeOf(log.publish(server, { topic: 'app.order', payload: { n: 2 }, idempotencyKey: 'k1' }))).toBe('CONFLICT');
    const rows = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM events.outbox WHERE project_id = $1', [projectId]);
    expect(rows[0]?.count).toBe(1);
  });

  it('logs a forwarded system event once however often a relay sends it', async () => {
    const projectId = randomUUID();
    const row = { id: '7', projectId, topic: 'data.document.created', aggregateId: 'd', payload: { id: 'd' }, createdAt: new Date('2026-11-23T10:00:00.000Z') };
    expect(await log.ingest('data', [row])).toBe(1);
    expect(await log.ingest('data', [row])).toBe(0);
    expect(await log.ingest('identity', [row])).toBe(1); // another source's row 7 is another event
    const page = await log.listEvents(caller(projectId), { topic: 'data.*' });
    expect(page.edges).toHaveLength(2);
    expect(page.edges[0]?.node.createdAt.toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });

  it('pages a topic oldest first with cursors and counts it', async () => {
    const projectId = randomUUID();
    const server = caller(projectId);
    for (let n = 1; n <= 5; n += 1) await log.publish(server, { topic: n % 2 ? 'app.a.odd' : 'app.b.even', payload: { n } });
    const first = await log.listEvents(server, { topic: 'app.*', first: 3 });
    expect(first.edges.map((edge) => (edge.node.payload as { n: number }).n)).toEqual([1, 2, 3]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await log.listEvents(server, { topic: 'app.*', first: 3, after: first.pageInfo.endCursor });
    expect(rest.edges.map((edge) => (edge.node.payload as { n: number }).n)).toEqual([4, 5]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect(await first.totalCount()).toBe(5);
    expect(await (await log.listEvents(server, { topic: 'app.a.odd' })).totalCount()).toBe(3);
    expect(await codeOf(log.listEvents(server, { topic: 'app.*', after: 'garbage' }))).toBe('BAD_USER_INPUT');
  });

  it('keeps system topics to the secret key and every topic to its own project', async () => {
    const projectId = randomUUID();
    const user = caller(projectId, { key: 'publishable', user: randomUUID() });
    expect(await codeOf(log.publish(user, { topic: 'data.document.created', payload: {} }))).toBe('FORBIDDEN');
    expect(await codeOf(log.listEvents(user, { topic: 'identity.user.created' }))).toBe('FORBIDDEN');
    expect(await codeOf(log.listEvents(user, { topic: '*' }))).toBe('FORBIDDEN');
    expect(await codeOf(log.listEvents(user, { topic: 'd*' }))).toBe('FORBIDDEN');
    expect(await codeOf(log.publish(caller(projectId, { key: 'publishable' }), { topic: 'app.x', payload: {} }))).toBe('UNAUTHENTICATED');
    expect(await codeOf(log.publish(user, { topic: 'bad topic', payload: {} }))).toBe('BAD_USER_INPUT');
    await log.publish(user, { topic: 'app.chat', payload: { text: 'hi' } });
    expect((await log.listEvents(user, { topic: 'app.chat' })).edges).toHaveLength(1);
    expect((await log.listEvents(caller(randomUUID()), { topic: 'app.chat' })).edges).toHaveLength(0);
  });

  it('streams published events of a topic pattern to a subscriber of that project only', async () => {
    const projectId = randomUUID();
    const user = caller(projectId, { key: 'publishable', user: randomUUID() });
    const mine = await log.watchEvents(user, 'app.room.*');
    const other = await log.watchEvents(caller(randomUUID()), 'app.room.*');
    await log.publish(user, { topic: 'app.lobby', payload: { skip: true } });
    const published = await log.publish(user, { topic: 'app.room.1', payload: { text: 'hello' } });
    const next = await mine.next();
    expect(next.value).toEqual(published);
    const pending = Promise.race([other.next(), new Promise((resolve) => setTimeout(() => resolve('silence'), 300))]);
    expect(await pending).toBe('silence');
    await Promise.all([mine.return?.(), other.return?.()]);
  });
});
