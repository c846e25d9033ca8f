import { runSubgraph } from '@fedbase/subgraph-server';
import { createDataResolvers } from './resolvers.ts';
import { createDataService } from './service.ts';

await runSubgraph({ name: 'data', createResolvers: ({ db }) => createDataResolvers(createDataService(db)) });
