import { runSubgraph } from '@fedbase/subgraph-server';
import { createIdentityResolvers } from './resolvers.ts';
import { createIdentityService } from './service.ts';

await runSubgraph({ name: 'identity', createResolvers: ({ db }) => createIdentityResolvers(createIdentityService(db)) });
