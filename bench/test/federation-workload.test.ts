import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectedNestedResponse, nestedQuery } from '../src/federation-workload/nested-query.ts';
import { startWorkloadSubgraphs, type RunningWorkload } from '../src/federation-workload/start-workload-subgraphs.ts';

let workload: RunningWorkload;
let gateway: ApolloServer;
let gatewayUrl: string;

beforeAll(async () => {
  workload = await startWorkloadSubgraphs();
  gateway = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: workload.supergraphSdl }) });
  ({ url: gatewayUrl } = await startStandaloneServer(gateway, { listen: { host: '127.0.0.1', port: 0 } }));
});

afterAll(async () => {
  await gateway?.stop();
  await workload?.stop();
});

it('composes the four benchmark subgraphs and answers the nested query through a bare @apollo/gateway exactly as the data says', async () => {
  const response = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: nestedQuery }) });
  const body = await response.json();
  expect(body).toEqual(expectedNestedResponse());
  // Entities four levels deep: the Couch (price over 1000) ships free, the others by weight.
  expect(JSON.stringify(body)).toContain('"name":"Couch","price":1299,"shippingEstimate":0');
});
