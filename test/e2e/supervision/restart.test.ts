import { startStack, type RunningStack } from '@fedbase/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postGraphQL } from '../../support/graphql-client.ts';

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

it('restarts a killed subgraph and the gateway recovers by itself, answering meanwhile', async () => {
  const query = '{ plans { id } }';
  expect((await postGraphQL(stack.gatewayUrl, query)).body.data).toEqual({ plans: [{ id: 'unlimited' }] }); // startStack's catalogue
  const billingPid = stack.pids['billing'];
  if (!billingPid) throw new Error('the launcher reported no billing pid');
  process.kill(billingPid, 'SIGKILL');

  // While billing is down the gateway still answers (with an error), and once the launcher has
  // restarted billing on the same port, the same query succeeds again: nothing was restarted by hand.
  const outcomes: string[] = [];
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { status, body } = await postGraphQL(stack.gatewayUrl, query);
    expect(status).toBeLessThan(500);
    if (body.data?.['plans']) break;
    outcomes.push(String(body.errors?.[0]?.extensions?.['code']));
    if (Date.now() > deadline) throw new Error(`billing did not come back within 60 s: ${outcomes.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(outcomes.length).toBeGreaterThan(0);
});
