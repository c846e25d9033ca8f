export { composeSupergraph } from './compose-supergraph.ts';
export { readSubgraphSdl, readSupergraphSdl, supergraphPath } from './read-sdl.ts';
export { defaultSubgraphPorts, isSubgraphName, subgraphNames, type SubgraphName } from './subgraphs.ts';
