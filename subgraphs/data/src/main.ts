import { runSubgraph } from '@fedbase/subgraph-server';
import { createDataRoutes } from './http.ts';
import { createDataResolvers } from './resolvers.ts';
import { createDataService } from './service.ts';

await runSubgraph({
  name: 'data',
  outbox: { forwardToEventLog: true },
  createSubgraph: ({ db, bus, outbox }) => {
    const service = createDataService(db, { bus, afterOutboxCommit: outbox.kick });
    return { resolvers: createDataResolvers(service), routes: createDataRoutes(service) };
  },
});
