import { runSubgraph } from '@fedbase/subgraph-server';
import { createDataRoutes } from './http.ts';
import { createDataResolvers } from './resolvers.ts';
import { createDataService } from './service.ts';

await runSubgraph({
  name: 'data',
  createSubgraph: ({ db }) => {
    const service = createDataService(db);
    return { resolvers: createDataResolvers(service), routes: createDataRoutes(service) };
  },
});
