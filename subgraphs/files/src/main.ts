import { runSubgraph } from '@fedbase/subgraph-server';
import { createFilesResolvers } from './resolvers.ts';
import { createFilesService } from './service.ts';

await runSubgraph({ name: 'files', createSubgraph: ({ db }) => ({ resolvers: createFilesResolvers(createFilesService(db)) }) });
