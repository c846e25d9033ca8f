import { afterAll, beforeAll, expect, it } from 'vitest';
import { nestedQuery } from '../src/federation-workload/nested-query.ts';
import { startWorkloadSubgraphs, type RunningWorkload } from '../src/federation-workload/start-workload-subgraphs.ts';
import type { GatewayUnderTest } from '../src/peer-gateways/gateway-under-test.ts';
import { isNestedAnswer } from '../src/peer-gateways/is-nested-answer.ts';
import { startFedbaseGateway } from '../src/peer-gateways/start-fedbase-gateway.ts';
import { startHiveGateway } from '../src/peer-gateways/start-hive-gateway.ts';

let workload: RunningWorkload;
const gateways: GatewayUnderTest[] = [];

beforeAll(async () => {
  workload = await startWorkloadSubgraphs();
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await workload?.stop();
});

const ask = async (url: string) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: nestedQuery }) });
  return { status: response.status, text: await response.text() };
};

it("answers the nested query through Fedbase's gateway over the workload's own supergraph exactly as the data says, every time", async () => {
  const gateway = await startFedbaseGateway(workload.supergraphSdl, workload.urls, { traceSampleRate: 1 });
  gateways.push(gateway);
  // Traced (ftv1 asked of every subgraph and taken out again), then from the plan cache.
  for (let i = 0; i < 3; i++) {
    const { status, text } = await ask(gateway.url);
    expect(status).toBe(200);
    expect(isNestedAnswer(text)).toBe(true);
  }
});

it('answers the nested query through Hive Gateway exactly as the data says', async () => {
  const gateway = await startHiveGateway(workload.supergraphSdl);
  gateways.push(gateway);
  const { status, text } = await ask(gateway.url);
  expect(status).toBe(200);
  expect(isNestedAnswer(text)).toBe(true);
});

it('tells a wrong answer from the right one', () => {
  expect(isNestedAnswer('{"data":{"users":[],"topProducts":[]}}')).toBe(false);
  expect(isNestedAnswer('not json')).toBe(false);
});
