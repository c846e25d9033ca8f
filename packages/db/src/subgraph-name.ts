/** The five subgraphs; each owns one PostgreSQL schema of the same name. */
export type SubgraphName = 'identity' | 'data' | 'files' | 'events' | 'billing';

export const subgraphNames: readonly SubgraphName[] = Object.freeze([
  'identity',
  'data',
  'files',
  'events',
  'billing',
]);
