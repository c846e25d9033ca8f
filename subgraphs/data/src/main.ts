import { runSubgraph } from '@fedbase/subgraph-server';
import { createDataResolvers } from './resolvers.ts';
import { createDataService } from './service.ts';

await runSubgraph({ name: 'data', createSubgraph: ({ db }) => ({ resolvers: createDataResolvers(createDataService(db)) }) });
