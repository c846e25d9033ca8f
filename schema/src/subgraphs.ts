/** The five subgraphs, in the order the launcher starts them. */
export const subgraphNames = ['identity', 'data', 'files', 'events', 'billing'] as const;

export type SubgraphName = (typeof subgraphNames)[number];

/**
 * The port each subgraph listens on when started alone with no `PORT`, and the URL the composed
 * supergraph records for it. `npm start` ignores these and picks free ports.
 */
export const defaultSubgraphPorts: Readonly<Record<SubgraphName, number>> = {
  identity: 4101,
  data: 4102,
  files: 4103,
  events: 4104,
  billing: 4105,
};

export function isSubgraphName(value: string): value is SubgraphName {
  return (subgraphNames as readonly string[]).includes(value);
}
