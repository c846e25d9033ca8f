import { randomBytes } from 'node:crypto';
import { createTestDatabase, startStack, type RunningStack, type TestDatabase } from '@fedbase/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectOnPlan, post, sleep } from './billing-client.ts';
import { billingEnv } from './plans.ts';

// Two whole backends on one PostgreSQL and one Redis, as two machines behind a load balancer would
// run them: a project's requests per second are one limit whichever gateway they reach, and its
// usage one count.
describe('plan limits with two gateways on one PostgreSQL and one Redis', () => {
  let database: TestDatabase;
  let one: RunningStack;
  let two: RunningStack;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { ...billingEnv, DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:6379', ADMIN_SECRET: randomBytes(32).toString('base64url') };
    // One after the other: concurrent first starts (migrations) are the scale-out issue's to make safe.
    one = await startStack({ env });
    two = await startStack({ env });
  }, 240_000);

  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await database?.drop();
  });

  it("shares one project's rate limit between the gateways, and meters both into one usage", async () => {
    const project = await createProjectOnPlan(one.gatewayUrl, one.adminSecret, 'slow');
    await sleep(600);
    // Both gateways learn the plan (a stale answer starts the refresh), then the bucket refills.
    for (const stack of [one, two]) await post(stack.gatewayUrl, project.secretKey, '{ currentPlan { id } }');
    await sleep(2_500);
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, index) => post((index % 2 === 0 ? one : two).gatewayUrl, project.publishableKey, '{ plans { id } }')),
    );
    const elapsedSeconds = (performance.now() - started) / 1000;
    // Served = not refused: an admitted request that then fails (a subgraph timing out on a loaded
    // machine) was still served, and is metered.
    const served = answers.filter((answer) => answer.status !== 429).length;
    expect(answers.filter((answer) => answer.status === 429).every((answer) => answer.code === 'RATE_LIMITED')).toBe(true);
    // One bucket of 4 (2 per second, bursts of 4) plus its refill while the requests ran; two
    // separate buckets would have let at least 8 through.
    expect(served).toBeGreaterThanOrEqual(4);
    expect(served).toBeLessThanOrEqual(4 + Math.ceil(elapsedSeconds * 2));
    expect(served).toBeLessThan(8);
    // setPlan and the two plan reads, plus what was served; counted by both gateways into one figure.
    await sleep(2_000);
    const usage = await post(two.gatewayUrl, project.secretKey, '{ usage { requests } }');
    // The read is metered too, when admitted: a flush landing before billing answers it counts it.
    expect([3 + served, 3 + served + 1]).toContain(usage.body.data?.['usage'].requests);
  });
});
