import { requireProject, type RequestContext } from '@fedbase/context';
import type { SubgraphResolvers } from '@fedbase/subgraph-server';
import type { BillingService } from './service.ts';

export function createBillingResolvers(service: BillingService): SubgraphResolvers {
  return {
    Query: {
      plans: () => service.listPlans(),
      currentPlan: (_: unknown, __: unknown, context: RequestContext) => service.getCurrentPlan(requireProject(context).id),
    },
    Plan: {
      __resolveReference: (reference: { id: string }) => service.findPlan(reference.id) ?? null,
    },
  };
}
