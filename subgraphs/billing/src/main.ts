import { runSubgraph } from '@fedbase/subgraph-server';
import { defaultPlans } from './plans.ts';
import { createBillingResolvers } from './resolvers.ts';
import { createBillingService } from './service.ts';

await runSubgraph({
  name: 'billing',
  createResolvers: ({ db }) => createBillingResolvers(createBillingService(db, defaultPlans)),
});
