import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { startStandaloneServer } from '@apollo/server/standalone';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { workloadSubgraphs } from './workload-subgraphs.ts';

export interface RunningWorkload {
  /** The composed supergraph SDL, with each subgraph's URL on this machine. */
  readonly supergraphSdl: string;
  readonly urls: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * Starts the four benchmark subgraphs as plain Apollo subgraphs on free loopback ports, the same
 * for every gateway measured, and composes their supergraph.
 */
export async function startWorkloadSubgraphs(): Promise<RunningWorkload> {
  const servers: ApolloServer[] = [];
  const urls: Record<string, string> = {};
  try {
    for (const subgraph of workloadSubgraphs) {
      // Inline traces (ftv1) only when a gateway asks, as any Apollo subgraph; installed explicitly so it is not announced on stdout.
      const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs: subgraph.typeDefs, resolvers: subgraph.resolvers as never }), plugins: [ApolloServerPluginInlineTrace()] });
      servers.push(server);
      const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
      urls[subgraph.name] = url;
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    throw error;
  }
  const composed = composeServices(workloadSubgraphs.map((subgraph) => ({ name: subgraph.name, url: urls[subgraph.name]!, typeDefs: subgraph.typeDefs })));
  if (composed.errors) throw new Error(`the workload does not compose:\n${composed.errors.map((error) => error.message).join('\n')}`);
  return {
    supergraphSdl: composed.supergraphSdl,
    urls,
    stop: async () => void (await Promise.all(servers.map((server) => server.stop()))),
  };
}
