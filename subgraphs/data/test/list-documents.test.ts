import { randomUUID } from 'node:crypto';
import type { Database } from '@fedbase/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataService, type DataService } from '../src/index.ts';
import { caller, engines } from './data-engines.ts';

const byKey = { kind: 'secret_key', id: 'key-1' } as const;

interface Item {
  id: string;
  data: { title: string; price?: number; category?: string; done?: boolean; tags?: string[] };
  createdAt: Date;
}

describe.each(engines)('listing documents on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let service: DataService;
  const projectId = randomUUID();
  const secret = caller(projectId, { secret: true });
  const items: Item[] = [];

  const list = async (args: { where?: unknown; orderBy?: { field: string; direction: 'ASC' | 'DESC' }[]; first?: number; after?: string | null }, context = secret, collection = 'items') =>
    service.listDocuments(context, { collection, ...args });
  const all = async (args: { where?: unknown; orderBy?: { field: string; direction: 'ASC' | 'DESC' }[] }) => {
    const ids: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const result = await list({ ...args, first: 7, after });
      ids.push(...result.edges.map((edge) => edge.node.id));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    return ids;
  };

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    service = createDataService(db);
    await service.collections.createCollection(projectId, {
      name: 'items',
      fields: [
        { name: 'title', type: 'STRING', required: true },
        { name: 'price', type: 'INT' },
        { name: 'category', type: 'STRING' },
        { name: 'done', type: 'BOOLEAN' },
        { name: 'tags', type: 'JSON' },
      ],
      rules: { read: 'owner or role:staff' },
    }, byKey);
    for (let i = 0; i < 60; i++) {
      const data: Item['data'] = { title: `item ${String(i).padStart(2, '0')}` };
      if (i % 5 !== 0) data.price = (i * 37) % 100;
      if (i % 3 !== 0) data.category = ['a', 'b', 'c'][i % 3]!;
      if (i % 4 !== 0) data.done = i % 2 === 0;
      if (i % 6 === 0) data.tags = i % 12 === 0 ? ['red', 'blue'] : ['blue'];
      const owner = i % 2 ? 'ann' : 'bob';
      const doc = await service.documents.createDocument(caller(projectId, { user: owner }), 'items', data);
      items.push({ id: doc.id, data, createdAt: doc.createdAt });
    }
  });

  afterAll(async () => {
    await dispose?.();
  });

  const idsWhere = (predicate: (item: Item) => boolean) => items.filter(predicate).map((item) => item.id).sort();
  const cases: [string, unknown, (item: Item) => boolean][] = [
    ['eq', { category: { eq: 'a' } }, (i) => i.data.category === 'a'],
    ['ne', { category: { ne: 'a' } }, (i) => i.data.category !== 'a'],
    ['gt', { price: { gt: 50 } }, (i) => (i.data.price ?? -1) > 50],
    ['gte', { price: { gte: 50 } }, (i) => (i.data.price ?? -1) >= 50],
    ['lt', { price: { lt: 20 } }, (i) => i.data.price !== undefined && i.data.price < 20],
    ['lte', { price: { lte: 20 } }, (i) => i.data.price !== undefined && i.data.price <= 20],
    ['in', { category: { in: ['b', 'c'] } }, (i) => ['b', 'c'].includes(i.data.category ?? '')],
    ['contains on a string', { title: { contains: 'em 1' } }, (i) => i.data.title.includes('em 1')],
    ['contains on JSON', { tags: { contains: ['red'] } }, (i) => i.data.tags?.includes('red') ?? false],
    ['eq null', { price: { eq: null } }, (i) => i.data.price === undefined],
    ['boolean eq', { done: { eq: true } }, (i) => i.data.done === true],
    ['and', { and: [{ category: { eq: 'b' } }, { price: { gte: 30 } }] }, (i) => i.data.category === 'b' && (i.data.price ?? -1) >= 30],
    ['or', { or: [{ category: { eq: 'c' } }, { done: { eq: false } }] }, (i) => i.data.category === 'c' || i.data.done === false],
  ];

  it.each(cases)('filters with %s exactly like the same filter in JavaScript', async (_name, where, predicate) => {
    const found = await all({ where });
    expect(found.sort()).toEqual(idsWhere(predicate));
    expect(await (await list({ where, first: 1 })).totalCount()).toBe(idsWhere(predicate).length);
  });

  it('filters on id', async () => {
    const chosen = [items[3]!.id, items[9]!.id];
    expect((await all({ where: { id: { in: chosen } } })).sort()).toEqual([...chosen].sort());
  });

  it('filters on createdAt', async () => {
    const cut = items[30]!.createdAt.toISOString();
    expect((await all({ where: { createdAt: { gte: cut } } })).sort()).toEqual(idsWhere((i) => i.createdAt.toISOString() >= cut));
  });

  it('sorts by a nullable field both ways, a missing value as the largest, ties by id', async () => {
    for (const direction of ['ASC', 'DESC'] as const) {
      const found = await all({ orderBy: [{ field: 'price', direction }] });
      const sign = direction === 'ASC' ? 1 : -1;
      const expected = [...items].sort((x, y) => {
        const [a, b] = [x.data.price ?? Number.POSITIVE_INFINITY, y.data.price ?? Number.POSITIVE_INFINITY];
        if (a !== b) return (a < b ? -1 : 1) * sign;
        return (x.id < y.id ? -1 : 1) * sign;
      });
      expect(found).toEqual(expected.map((item) => item.id));
    }
  });

  it('pages without gaps or duplicates while documents are inserted between pages', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    const inserted: string[] = [];
    for (let page = 0; page < 50; page++) {
      const result = await list({ orderBy: [{ field: 'title', direction: 'ASC' }], first: 7, after });
      seen.push(...result.edges.map((edge) => edge.node.id));
      // One before the cursor (never shown), one after it (shown once, later).
      inserted.push((await service.documents.createDocument(caller(projectId, { user: 'ann' }), 'items', { title: `item 00-${page}` })).id);
      inserted.push((await service.documents.createDocument(caller(projectId, { user: 'ann' }), 'items', { title: `item zz-${page}` })).id);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const item of items) expect(seen).toContain(item.id);
    // Cleaned up so the other tests keep their numbers.
    for (const id of inserted) await service.documents.deleteDocument(secret, 'items', id);
  });

  it('caps first at 100 and refuses a cursor of another ordering', async () => {
    expect((await list({ first: 1000 })).edges.length).toBeLessThanOrEqual(100);
    const cursor = (await list({ orderBy: [{ field: 'price', direction: 'ASC' }], first: 2 })).pageInfo.endCursor;
    await expect(list({ orderBy: [{ field: 'title', direction: 'ASC' }], after: cursor })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses an unknown field in where, naming it', async () => {
    await expect(list({ where: { colour: { eq: 'red' } } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('colour') });
  });

  it('lists only their own documents to a user the owner rule lets in, and all to a role', async () => {
    const anns = await all({});
    expect(anns.length).toBe(60);
    const mine = await service.listDocuments(caller(projectId, { user: 'ann' }), { collection: 'items', first: 100 });
    expect(await mine.totalCount()).toBe(30);
    expect(mine.edges.every((edge) => edge.node.ownerId === 'ann')).toBe(true);
    expect(await (await service.listDocuments(caller(projectId, { user: 'eve', roles: ['staff'] }), { collection: 'items', first: 1 })).totalCount()).toBe(60);
    await expect(service.listDocuments(caller(projectId), { collection: 'items' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
