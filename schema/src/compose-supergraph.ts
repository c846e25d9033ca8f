import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { readSubgraphSdl } from './read-sdl.ts';
import { defaultSubgraphPorts, subgraphNames } from './subgraphs.ts';

/**
 * Composes the five subgraph SDLs into the supergraph SDL, or throws with every composition error.
 * The URLs recorded are the stand-alone defaults; the gateway replaces them from its configuration.
 */
export function composeSupergraph(): string {
  const result = composeServices(
    subgraphNames.map((name) => ({
      name,
      url: `http://127.0.0.1:${defaultSubgraphPorts[name]}/graphql`,
      typeDefs: parse(readSubgraphSdl(name)),
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
