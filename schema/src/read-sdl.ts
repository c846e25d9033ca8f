import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SubgraphName } from './subgraphs.ts';

const schemaDir = fileURLToPath(new URL('..', import.meta.url));

/** Where the composed supergraph is checked in. */
export const supergraphPath = `${schemaDir}supergraph.graphql`;

/** The schema-first source of one subgraph: `schema/<name>.graphql`. */
export function readSubgraphSdl(name: SubgraphName): string {
  return readFileSync(`${schemaDir}${name}.graphql`, 'utf8');
}

/** The checked-in supergraph that the gateway serves. */
export function readSupergraphSdl(): string {
  return readFileSync(supergraphPath, 'utf8');
}
