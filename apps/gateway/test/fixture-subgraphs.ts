import { createCallerVerifier } from '@fedbase/context';
import { parse } from 'graphql';
import { createLocalJWKSet } from 'jose';
import { readSubgraphSdl, subgraphNames, type SubgraphName } from '@fedbase/schema';
import { startSubgraphServer, type RunningSubgraph, type SubgraphResolvers } from '@fedbase/subgraph-server';
import { createLogger } from '@fedbase/telemetry';

/**
 * The five subgraphs with their real SDL on the real subgraph server, but with small fixed
 * resolvers instead of databases, so the gateway's own behaviour is tested in milliseconds.
 */
const fixtureResolvers: Partial<Record<SubgraphName, SubgraphResolvers>> = {
  billing: {
    Query: {
      plans: () => [
        { id: 'free', name: 'Free', requestsPerSecond: 20, priceCents: 0 },
        { id: 'pro', name: 'Pro', requestsPerSecond: 200, priceCents: 2500 },
      ],
      currentPlan: () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:5432 while running SELECT * FROM billing.project_plans');
      },
    },
  },
};

export async function startFixtureSubgraph(name: SubgraphName, port = 0): Promise<RunningSubgraph> {
  return startSubgraphServer({
    name,
    typeDefs: parse(readSubgraphSdl(name)),
    resolvers: fixtureResolvers[name] ?? {},
    port,
    // These fixtures are asked without credentials; an empty key set refuses any token sent anyway.
    callerVerifier: createCallerVerifier({ keys: createLocalJWKSet({ keys: [] }), issuer: 'fedbase' }),
    logger: createLogger({ service: name, level: 'silent' }),
  });
}

export async function startFixtureSubgraphs(): Promise<Map<SubgraphName, RunningSubgraph>> {
  const running = await Promise.all(subgraphNames.map(async (name) => [name, await startFixtureSubgraph(name)] as const));
  return new Map(running);
}
