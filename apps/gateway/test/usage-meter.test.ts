import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createUsageMeter, type UsageMeter, type UsageMeterOptions } from '../src/billing/create-usage-meter.ts';

interface MeteringBody {
  batchId: string;
  source: string;
  entries: { projectId: string; period: string; operation: string; requests: number }[];
}

/**
 * What the fake does with one request: `ok` applies it (once per batch id, like billing) and
 * answers; `lost` applies it and then drops the connection, so the answer never arrives; `drop`
 * drops the connection without applying; a number answers that status without applying.
 */
type Answer = 'ok' | 'lost' | 'drop' | number;

interface FakeBilling {
  url: string;
  /** Every body received, in order, repeats included. */
  received: MeteringBody[];
  headers: IncomingMessage['headers'][];
  /** Requests per `projectId period operation`, over the batches applied (each id once). */
  totals(): Record<string, number>;
}

const adminSecret = 'metering-secret';
const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const p1 = randomUUID();
const p2 = randomUUID();

describe('createUsageMeter', () => {
  const disposers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    // Last started, first disposed: a meter closes while its billing is still there to answer.
    for (const dispose of disposers.splice(0).reverse()) await dispose();
  });

  /** Billing's metering endpoint on 127.0.0.1; `answer` picks what happens to the n-th request (from 0). */
  async function startBilling(answer: (n: number, body: MeteringBody) => Answer | Promise<Answer> = () => 'ok'): Promise<FakeBilling> {
    const received: MeteringBody[] = [];
    const headers: IncomingMessage['headers'][] = [];
    const applied = new Map<string, MeteringBody>();
    const handle = async (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as MeteringBody;
      const n = received.push(body) - 1;
      headers.push(req.headers);
      const action = req.headers['x-admin-secret'] === adminSecret ? await answer(n, body) : 401;
      if (action === 'ok' || action === 'lost') {
        const fresh = !applied.has(body.batchId);
        if (fresh) applied.set(body.batchId, body);
        if (action === 'lost') req.socket.destroy();
        else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ batchId: body.batchId, applied: fresh }));
      } else if (action === 'drop') {
        req.socket.destroy();
      } else {
        res.writeHead(action, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `answer ${action}` }));
      }
    };
    const server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    disposers.push(() => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }));
    const totals = () => {
      const sums: Record<string, number> = {};
      for (const { entries } of applied.values()) {
        for (const { projectId, period, operation, requests } of entries) {
          const key = `${projectId} ${period} ${operation}`;
          sums[key] = (sums[key] ?? 0) + requests;
        }
      }
      return sums;
    };
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, headers, totals };
  }

  /** A meter whose timer stays out of the way (the test drives it with flush()), unless told otherwise. */
  function meter(billing: FakeBilling, overrides: Partial<UsageMeterOptions> = {}): { meter: UsageMeter; logger: { warn: ReturnType<typeof vi.fn>; error: ReturnType<typeof vi.fn> } } {
    const logger = { warn: vi.fn(), error: vi.fn() };
    const created = createUsageMeter({ billingUrl: billing.url, adminSecret, flushIntervalMs: 60_000, requestTimeoutMs: 2_000, closeTimeoutMs: 200, logger, ...overrides });
    disposers.push(() => created.close());
    return { meter: created, logger };
  }

  const recordTimes = (usage: UsageMeter, projectId: string, operation: string, times: number) => {
    for (let i = 0; i < times; i += 1) usage.record(projectId, operation);
  };

  it('sends 1000 requests of 2 projects and 2 operations as one request with 4 summed entries', async () => {
    const billing = await startBilling();
    const { meter: usage } = meter(billing);
    const operations = ['GetPosts', 'CreatePost'];
    for (let i = 0; i < 1000; i += 1) usage.record(i % 2 === 0 ? p1 : p2, operations[Math.floor(i / 2) % 2] ?? '');
    await usage.flush();

    expect(billing.received).toHaveLength(1);
    const [body] = billing.received;
    expect(body?.batchId).toMatch(uuidV4);
    expect(body?.source).toBe('gateway');
    expect(body?.entries).toHaveLength(4);
    expect(body?.entries.reduce((total, entry) => total + entry.requests, 0)).toBe(1000);
    expect(new Set(body?.entries.map((entry) => entry.requests))).toEqual(new Set([250]));
    expect(billing.headers[0]).toMatchObject({ 'x-admin-secret': adminSecret, 'content-type': 'application/json' });
  });

  it('sends nothing when nothing was recorded', async () => {
    const billing = await startBilling();
    const { meter: usage } = meter(billing);
    await usage.flush();
    usage.record(p1, 'GetPosts');
    await usage.flush();
    await usage.flush();
    expect(billing.received).toHaveLength(1);
  });

  it('retries a batch after a 500 and a dropped connection with the same id, and sends what came meanwhile in a later batch', async () => {
    const answers: Answer[] = [500, 'drop'];
    const billing = await startBilling((n) => answers[n] ?? 'ok');
    const { meter: usage, logger } = meter(billing);

    recordTimes(usage, p1, 'GetPosts', 5);
    await expect(usage.flush()).rejects.toThrow(/answered 500/);
    recordTimes(usage, p1, 'GetPosts', 3);
    await expect(usage.flush()).rejects.toThrow(/not acknowledged/);
    recordTimes(usage, p2, 'GetPosts', 2);
    await usage.flush();

    const ids = billing.received.map((body) => body.batchId);
    expect(ids).toHaveLength(4);
    expect(ids.slice(0, 3)).toEqual([ids[0], ids[0], ids[0]]);
    expect(ids[3]).not.toBe(ids[0]);
    expect(billing.received[2]?.entries).toEqual([expect.objectContaining({ projectId: p1, requests: 5 })]);
    expect(billing.received[3]?.entries).toEqual(expect.arrayContaining([
      expect.objectContaining({ projectId: p1, requests: 3 }),
      expect.objectContaining({ projectId: p2, requests: 2 }),
    ]));
    const period = new Date().toISOString().slice(0, 7);
    expect(billing.totals()).toEqual({ [`${p1} ${period} GetPosts`]: 8, [`${p2} ${period} GetPosts`]: 2 });
    expect(logger.warn).toHaveBeenCalled();
  });

  it('repeats the batch id when billing applied it but the answer was lost, so billing counts it once', async () => {
    const billing = await startBilling((n) => (n === 0 ? 'lost' : 'ok'));
    const onFlushed = vi.fn();
    const { meter: usage } = meter(billing, { onFlushed });

    recordTimes(usage, p1, 'GetPosts', 7);
    await expect(usage.flush()).rejects.toThrow();
    expect(onFlushed).not.toHaveBeenCalled();
    await usage.flush();

    expect(billing.received.map((body) => body.batchId)).toEqual([billing.received[0]?.batchId, billing.received[0]?.batchId]);
    expect(billing.totals()).toEqual({ [`${p1} ${new Date().toISOString().slice(0, 7)} GetPosts`]: 7 });
    expect(onFlushed).toHaveBeenCalledTimes(1);
  });

  it('drops a batch billing refuses with 400, logs its size, and goes on with the next one', async () => {
    const billing = await startBilling((n) => (n === 0 ? 400 : 'ok'));
    const { meter: usage, logger } = meter(billing);

    recordTimes(usage, p1, 'GetPosts', 4);
    await usage.flush();
    expect(usage.unacknowledged(p1)).toBe(0);
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ batchId: billing.received[0]?.batchId, entries: 1, requests: 4 }), expect.stringMatching(/dropped/));

    recordTimes(usage, p1, 'GetPosts', 2);
    await usage.flush();
    expect(billing.received[1]?.batchId).not.toBe(billing.received[0]?.batchId);
    expect(billing.totals()).toEqual({ [`${p1} ${new Date().toISOString().slice(0, 7)} GetPosts`]: 2 });
  });

  it('keeps retrying without a valid secret and logs the 401 once, not on every attempt', async () => {
    const billing = await startBilling();
    const { meter: usage, logger } = meter(billing, { adminSecret: undefined });

    usage.record(p1, 'GetPosts');
    for (let attempt = 0; attempt < 3; attempt += 1) await expect(usage.flush()).rejects.toThrow(/401/);
    expect(billing.headers[0]?.['x-admin-secret']).toBeUndefined();
    expect(new Set(billing.received.map((body) => body.batchId)).size).toBe(1);
    expect(usage.unacknowledged(p1)).toBe(1);
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  it('puts requests on either side of a month boundary in their own periods', async () => {
    const billing = await startBilling();
    let clock = new Date('2026-11-30T23:59:59.900Z');
    const { meter: usage } = meter(billing, { now: () => clock });

    recordTimes(usage, p1, 'GetPosts', 3);
    clock = new Date('2026-12-01T00:00:00.100Z');
    recordTimes(usage, p1, 'GetPosts', 2);
    await usage.flush();

    expect(billing.totals()).toEqual({ [`${p1} 2026-11 GetPosts`]: 3, [`${p1} 2026-12 GetPosts`]: 2 });
  });

  it("names an unnamed operation 'anonymous' and cuts long names to 100 characters", async () => {
    const billing = await startBilling();
    const { meter: usage } = meter(billing);
    usage.record(p1, '');
    usage.record(p1, 'Q'.repeat(300));
    await usage.flush();
    expect(billing.received[0]?.entries.map((entry) => entry.operation).sort()).toEqual(['Q'.repeat(100), 'anonymous']);
  });

  it('counts pending and in-flight requests as unacknowledged until billing acknowledges them', async () => {
    let release = () => {};
    let arrived = () => {};
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const billing = await startBilling(async (n): Promise<Answer> => {
      if (n > 0) return 'ok';
      arrived();
      await new Promise<void>((resolve) => (release = resolve));
      return 'ok';
    });
    const { meter: usage } = meter(billing);

    recordTimes(usage, p1, 'GetPosts', 3);
    expect(usage.unacknowledged(p1)).toBe(3);
    const flushed = usage.flush();
    await requestArrived;
    recordTimes(usage, p1, 'ListPosts', 2);
    expect(usage.unacknowledged(p1)).toBe(5);
    expect(usage.unacknowledged(p2)).toBe(0);
    release();
    await flushed;
    expect(usage.unacknowledged(p1)).toBe(2);
    await usage.flush();
    expect(usage.unacknowledged(p1)).toBe(0);
  });

  it('shares one send between flush() calls made at the same time', async () => {
    const billing = await startBilling();
    const { meter: usage } = meter(billing);
    recordTimes(usage, p1, 'GetPosts', 2);
    await Promise.all([usage.flush(), usage.flush(), usage.flush()]);
    expect(billing.received).toHaveLength(1);
  });

  it('splits a large backlog into batches of at most maxBatchEntries, all sent by one flush()', async () => {
    const billing = await startBilling();
    const { meter: usage } = meter(billing, { maxBatchEntries: 2 });
    for (const operation of ['A', 'B', 'C', 'D', 'E']) usage.record(p1, operation);
    await usage.flush();
    expect(billing.received.map((body) => body.entries.length)).toEqual([2, 2, 1]);
    expect(new Set(billing.received.map((body) => body.batchId)).size).toBe(3);
  });

  it('sends on its own every flushIntervalMs', async () => {
    let arrived = (_body: MeteringBody) => {};
    const firstBatch = new Promise<MeteringBody>((resolve) => (arrived = resolve));
    const billing = await startBilling((_n, body) => {
      arrived(body);
      return 'ok';
    });
    const { meter: usage } = meter(billing, { flushIntervalMs: 10 });
    usage.record(p1, 'GetPosts');
    expect((await firstBatch).entries).toEqual([expect.objectContaining({ projectId: p1, operation: 'GetPosts', requests: 1 })]);
  });

  it('sends what is left on close() and tells onFlushed which projects were acknowledged', async () => {
    const billing = await startBilling();
    const onFlushed = vi.fn();
    const { meter: usage } = meter(billing, { onFlushed });
    usage.record(p1, 'GetPosts');
    usage.record(p2, 'CreatePost');
    await usage.close();
    expect(billing.received).toHaveLength(1);
    expect(onFlushed).toHaveBeenCalledWith(new Set([p1, p2]));
  });

  it('gives up on close() after closeTimeoutMs and logs what went unsent', async () => {
    const billing = await startBilling(() => 503);
    const { meter: usage, logger } = meter(billing, { closeTimeoutMs: 300 });
    recordTimes(usage, p1, 'GetPosts', 4);
    usage.record(p2, 'GetPosts');
    await usage.close();
    expect(billing.received.length).toBeGreaterThan(1);
    expect(new Set(billing.received.map((body) => body.batchId)).size).toBe(1);
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ entries: 2, requests: 5, projects: 2 }), expect.stringMatching(/unbilled/));
  });
});
