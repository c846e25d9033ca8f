// `npm run compose`: regenerates schema/supergraph.graphql from the subgraph SDLs.
import { writeFileSync } from 'node:fs';
import { composeSupergraph } from './compose-supergraph.ts';
import { supergraphPath } from './read-sdl.ts';

writeFileSync(supergraphPath, composeSupergraph());
process.stdout.write(`wrote ${supergraphPath}\n`);
