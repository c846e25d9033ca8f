import { createTestDatabase, startStack, startTcpProxy, type RunningStack, type StackProject, type TcpProxy, type TestDatabase } from '@fedbase/testing';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, signUp, uniqueEmail, type Session } from '../support/identity-client.ts';
import { connect, subscribe, type LiveSubscription } from '../support/subscription-client.ts';

const OUTAGE_MS = 5_000;
/** How long after a restore readiness and the outbox may take to come back. */
const RECOVERY_BOUND_MS = 30_000;
/** The longest a request may take while a dependency is down: an answer, not a hang. */
const REQUEST_BOUND_MS = 8_000;

interface Write {
  n: number;
  startedAt: number;
  ms: number;
  id?: string;
  status: number;
  code?: unknown;
}

interface ReadyzSample {
  at: number;
  status: number;
  body: { subgraphs?: { name: string; ready: boolean; checks?: Record<string, boolean> }[]; rateLimiter?: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// PostgreSQL and Redis "restart" behind TCP proxies (every connection reset, then refused, then
// accepted again on the same port), so the servers every other test uses stay up. One stack
// lives through both outages; each scenario prints what it measured.
describe('infrastructure outages', () => {
  let database: TestDatabase;
  let postgres: TcpProxy;
  let redis: TcpProxy;
  let stack: RunningStack;
  let project: StackProject;
  let ann: Session;
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    postgres = await startTcpProxy({ targets: [{ host: '127.0.0.1', port: 5432 }] });
    redis = await startTcpProxy({ targets: [{ host: '127.0.0.1', port: 6379 }] });
    const databaseUrl = new URL(database.url);
    databaseUrl.port = String(postgres.port);
    stack = await startStack({
      env: { DATABASE_URL: databaseUrl.toString(), REDIS_URL: `redis://127.0.0.1:${redis.port}`, PASSWORD_HASH_COST: '10', AUTH_ATTEMPTS_PER_IP: '100000' },
      // Within the hook's 180 s: a loaded two-core machine can take two minutes to boot six processes.
      timeoutMs: 170_000,
    });
    project = stack.firstProject!;
    const created = await gql(stack.gatewayUrl, 'mutation { createCollection(name: "ledger", fields: [{ name: "n", type: INT }], rules: { read: "public" }) { name } }', {}, { key: project.secretKey });
    expect(created.body.errors).toBeUndefined();
    ann = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('ann'));
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await postgres?.restore();
    await redis?.restore();
    await stack?.stop();
    await Promise.all([postgres?.close(), redis?.close()]);
    await database?.drop();
  });

  let next = 0;
  const write = async (): Promise<Write> => {
    const n = next++;
    const startedAt = Date.now();
    try {
      const response = await gql(stack.gatewayUrl, 'mutation ($d: JSON!) { createDocument(collection: "ledger", data: $d) { id } }', { d: { n } }, { key: project.publishableKey, token: ann.accessToken });
      const id = response.body.data?.['createDocument']?.id as string | undefined;
      return { n, startedAt, ms: Date.now() - startedAt, status: response.status, code: response.body.errors?.[0]?.extensions?.['code'], ...(id ? { id } : {}) };
    } catch (error) {
      return { n, startedAt, ms: Date.now() - startedAt, status: 0, code: (error as Error).name };
    }
  };

  /** Writes one after another (a light load) and samples the gateway's /readyz, until stopped. */
  const startLoad = () => {
    const writes: Write[] = [];
    const samples: ReadyzSample[] = [];
    let running = true;
    const writing = (async () => {
      while (running) {
        writes.push(await write());
        await sleep(100);
      }
    })();
    const sampling = (async () => {
      while (running) {
        const at = Date.now();
        const response = await fetch(`${stack.gatewayUrl}/readyz`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
        samples.push({ at, status: response?.status ?? 0, body: response ? ((await response.json()) as ReadyzSample['body']) : {} });
        await sleep(200);
      }
    })();
    return {
      writes,
      samples,
      stop: async () => {
        running = false;
        await Promise.all([writing, sampling]);
      },
    };
  };

  const waitUntil = async (condition: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
      await sleep(100);
    }
  };

  /** A documentChanged subscription that has heard at least one write, so it is known to be live. */
  const openLiveSubscription = async (): Promise<LiveSubscription> => {
    const client = connect(stack.gatewayUrl, { key: project.publishableKey, token: ann.accessToken });
    clients.push(client);
    const live = subscribe(client, 'subscription { documentChanged(collection: "ledger") { document { id } } }');
    for (let attempt = 0; attempt < 50; attempt += 1) {
      await write();
      if (await live.next(undefined, 200).catch(() => undefined)) return live;
    }
    throw new Error(`the subscription heard nothing: ${JSON.stringify(live.results)} ${JSON.stringify(live.refusal)}`);
  };
  const heardIds = (live: LiveSubscription) => new Set(live.results.map((result) => result.data?.['documentChanged']?.document?.id as string | undefined));

  const findMissing = async (ids: string[]): Promise<string[]> => {
    const found = await Promise.all(
      ids.map(async (id) => {
        const response = await gql(stack.gatewayUrl, 'query ($id: ID!) { document(collection: "ledger", id: $id) { id } }', { id }, { key: project.publishableKey, token: ann.accessToken });
        return response.body.data?.['document']?.id === id;
      }),
    );
    return ids.filter((_, index) => !found[index]);
  };

  const assertAllAlive = () => {
    for (const [name, pid] of Object.entries(stack.pids)) expect(() => process.kill(pid, 0), `${name} (pid ${pid}) is alive`).not.toThrow();
  };

  /** Cuts `proxy` for OUTAGE_MS under load and a live subscription, and waits for recovery. */
  const runOutage = async (proxy: TcpProxy) => {
    const live = await openLiveSubscription();
    const load = startLoad();
    await sleep(1_000);
    const cutAt = Date.now();
    await proxy.cut();
    await sleep(OUTAGE_MS);
    const restoredAt = Date.now();
    await proxy.restore();
    await waitUntil(() => load.samples.some((sample) => sample.at > restoredAt && sample.status === 200), RECOVERY_BOUND_MS, '/readyz 200 after the restore');
    await waitUntil(() => load.writes.filter((w) => w.startedAt > restoredAt && w.id).length >= 5, RECOVERY_BOUND_MS, 'five writes after the restore');
    await load.stop();
    const down = load.samples.find((sample) => sample.at > cutAt && sample.status === 503);
    const upAgain = load.samples.find((sample) => sample.at > restoredAt && sample.status === 200)!;
    const during = load.writes.filter((w) => w.startedAt >= cutAt && w.startedAt < restoredAt);
    return { live, load, cutAt, restoredAt, down, upAgain, during };
  };

  it('answers 503 while PostgreSQL is down, fails writes within a bound, and loses no acknowledged write', async () => {
    const { live, load, cutAt, restoredAt, down, upAgain, during } = await runOutage(postgres);
    const failedDuring = during.filter((w) => !w.id);
    const acknowledged = load.writes.flatMap((w) => (w.id ? [w.id] : []));
    const missing = await findMissing(acknowledged);
    const afterRestore = load.writes.filter((w) => w.startedAt > restoredAt && w.id).map((w) => w.id!);
    await waitUntil(() => afterRestore.every((id) => heardIds(live).has(id)), RECOVERY_BOUND_MS, 'the subscription hearing the writes after the restore').catch(() => {});
    const unheard = afterRestore.filter((id) => !heardIds(live).has(id));
    const codes = [...new Set(failedDuring.map((w) => `${w.status}/${String(w.code)}`))].join(', ');
    console.log(
      `postgres outage ${OUTAGE_MS / 1000} s: readyz 503 after ${down ? down.at - cutAt : 'never'} ms (not ready: ${down?.body.subgraphs?.filter((s) => !s.ready).map((s) => s.name).join(' ')}), 200 again ${upAgain.at - restoredAt} ms after restore; ` +
        `requests during: ${during.length}, ${failedDuring.length} failed (${codes}), slowest ${Math.max(0, ...during.map((w) => w.ms))} ms; ` +
        `writes acknowledged ${acknowledged.length}, found ${acknowledged.length - missing.length}; after restore heard ${afterRestore.length - unheard.length}/${afterRestore.length} on a subscription opened before`,
    );

    expect(down?.body.subgraphs?.find((s) => s.name === 'data')).toMatchObject({ ready: false, checks: { database: false, eventBus: true } });
    expect(upAgain.at - restoredAt).toBeLessThan(RECOVERY_BOUND_MS);
    expect(failedDuring.length).toBeGreaterThan(0);
    expect(failedDuring.every((w) => w.status !== 0 && w.code === 'INTERNAL')).toBe(true);
    expect(Math.max(...during.map((w) => w.ms))).toBeLessThan(REQUEST_BOUND_MS);
    expect(missing).toEqual([]);
    expect(unheard).toEqual([]);
    expect(live.refusal).toBeUndefined();
    assertAllAlive();
  }, 90_000);

  it('answers 503 while Redis is down yet serves requests, and delivers what was published meanwhile', async () => {
    const { live, load, cutAt, restoredAt, down, upAgain, during } = await runOutage(redis);
    const acknowledgedDuring = during.flatMap((w) => (w.id ? [w.id] : []));
    const afterRestore = load.writes.filter((w) => w.startedAt > restoredAt && w.id).map((w) => w.id!);
    const owed = [...acknowledgedDuring, ...afterRestore];
    await waitUntil(() => owed.every((id) => heardIds(live).has(id)), RECOVERY_BOUND_MS, 'the subscription hearing the writes during and after the outage').catch(() => {});
    const heard = heardIds(live);
    console.log(
      `redis outage ${OUTAGE_MS / 1000} s: readyz 503 after ${down ? down.at - cutAt : 'never'} ms (not ready: ${down?.body.subgraphs?.filter((s) => !s.ready).map((s) => s.name).join(' ')}), 200 again ${upAgain.at - restoredAt} ms after restore; gateway rate limiter meanwhile: ${down?.body.rateLimiter}; ` +
        `requests during: ${during.length}, ${acknowledgedDuring.length} answered, slowest ${Math.max(0, ...during.map((w) => w.ms))} ms; ` +
        `on a subscription opened before: heard ${acknowledgedDuring.filter((id) => heard.has(id)).length}/${acknowledgedDuring.length} written during, ${afterRestore.filter((id) => heard.has(id)).length}/${afterRestore.length} written after`,
    );

    expect(down?.body.subgraphs?.find((s) => s.name === 'data')).toMatchObject({ ready: false, checks: { database: true, eventBus: false } });
    // Shown, not counted in readiness: the limiter lets requests through while Redis is away.
    expect(load.samples.some((sample) => sample.at > cutAt && sample.at < restoredAt && sample.body.rateLimiter === 'failing open')).toBe(true);
    expect(upAgain.at - restoredAt).toBeLessThan(RECOVERY_BOUND_MS);
    expect(during.length).toBeGreaterThan(0);
    expect(acknowledgedDuring).toHaveLength(during.length);
    expect(Math.max(...during.map((w) => w.ms))).toBeLessThan(REQUEST_BOUND_MS);
    expect(owed.filter((id) => !heard.has(id))).toEqual([]);
    expect(live.refusal).toBeUndefined();
    assertAllAlive();
  }, 90_000);
});
