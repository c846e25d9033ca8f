import { runSubgraph } from '@fedbase/subgraph-server';
import { defaultPlans } from './plans.ts';
import { createBillingResolvers } from './resolvers.ts';
import { createBillingService } from './service.ts';

await runSubgraph({
  name: 'billing',
  createSubgraph: ({ db }) => ({ resolvers: createBillingResolvers(createBillingService(db, defaultPlans)) }),
});
