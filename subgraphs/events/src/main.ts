import { runSubgraph } from '@fedbase/subgraph-server';
import { createEventsResolvers } from './resolvers.ts';
import { createEventsService } from './service.ts';

await runSubgraph({ name: 'events', createSubgraph: ({ db }) => ({ resolvers: createEventsResolvers(createEventsService(db)) }) });
