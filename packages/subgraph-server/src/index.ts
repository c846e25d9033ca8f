export { answerMissingRootFields } from './not-available-yet.ts';
export { enforceAccessDirectives } from './enforce-access-directives.ts';
export { runSubgraph, type ReadyMessage, type RunSubgraphOptions, type SubgraphDependencies, type SubgraphParts } from './run-subgraph.ts';
export { parseSubgraphConfig, type SubgraphConfig } from './subgraph-config.ts';
export {
  startSubgraphServer,
  type RunningSubgraph,
  type SubgraphResolvers,
  type SubgraphRoutes,
  type SubgraphServerOptions,
} from './start-subgraph-server.ts';
export type { OutboxKicker } from './start-outbox-relays.ts';
