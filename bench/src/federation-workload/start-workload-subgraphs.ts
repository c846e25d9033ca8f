import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { serveFixtureSubgraph } from './serve-fixture-subgraph.ts';
import { workloadSubgraphs } from './workload-subgraphs.ts';

export interface RunningWorkload {
  /** The composed supergraph SDL, with each subgraph's URL on this machine. */
  readonly supergraphSdl: string;
  readonly urls: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * Starts the four benchmark subgraphs as Apollo subgraphs on free loopback ports (each answering
 * a request it has seen from memory: see serveFixtureSubgraph), the same for every gateway
 * measured, and composes their supergraph.
 */
export async function startWorkloadSubgraphs(): Promise<RunningWorkload> {
  const apollos: ApolloServer[] = [];
  const servers: Server[] = [];
  const urls: Record<string, string> = {};
  const stop = async () => {
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    await Promise.all(apollos.map((apollo) => apollo.stop()));
  };
  try {
    for (const subgraph of workloadSubgraphs) {
      // Inline traces (ftv1) only when a gateway asks, as any Apollo subgraph; installed explicitly so it is not announced on stdout.
      const apollo = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs: subgraph.typeDefs, resolvers: subgraph.resolvers as never }), plugins: [ApolloServerPluginInlineTrace()] });
      apollos.push(apollo);
      await apollo.start();
      const { url, server } = await serveFixtureSubgraph(apollo);
      servers.push(server);
      urls[subgraph.name] = url;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const composed = composeServices(workloadSubgraphs.map((subgraph) => ({ name: subgraph.name, url: urls[subgraph.name]!, typeDefs: subgraph.typeDefs })));
  if (composed.errors) throw new Error(`the workload does not compose:\n${composed.errors.map((error) => error.message).join('\n')}`);
  return { supergraphSdl: composed.supergraphSdl, urls, stop };
}
