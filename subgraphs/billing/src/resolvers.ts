import { auditActor, requireProject, requireSecretKey, type RequestContext } from '@fedbase/context';
import type { SubgraphResolvers } from '@fedbase/subgraph-server';
import { parsePeriod } from './period.ts';
import type { Plan } from './plans.ts';
import type { BillingService } from './service.ts';

/** Thin: read the verified caller, call the service, shape the result. */
export function createBillingResolvers(service: BillingService, now: () => Date = () => new Date()): SubgraphResolvers {
  return {
    Query: {
      plans: () => service.listPlans(),
      currentPlan: (_: unknown, __: unknown, context: RequestContext) => service.getCurrentPlan(requireProject(context).id),
      // What a project spends is its developers' business, not its end users': the secret key only.
      usage: (_: unknown, args: { period?: string | null }, context: RequestContext) =>
        service.usage(requireSecretKey(context).id, parsePeriod(args.period, now())),
      invoice: (_: unknown, args: { period: string }, context: RequestContext) =>
        service.invoice(requireSecretKey(context).id, parsePeriod(args.period, now())),
    },
    Mutation: {
      setPlan: (_: unknown, args: { plan: string }, context: RequestContext) => service.setPlan(requireSecretKey(context).id, args.plan, auditActor(context)),
      setSpendAlert: async (_: unknown, args: { percentOfQuota: number }, context: RequestContext) => {
        await service.setSpendAlert(requireSecretKey(context).id, args.percentOfQuota, auditActor(context));
        return true;
      },
    },
    Plan: {
      __resolveReference: (reference: { id: string }) => service.findPlan(reference.id) ?? null,
      requestsPerMonth: (plan: Plan) => plan.allowances.requests.included,
      storageBytes: (plan: Plan) => plan.allowances.storageBytes.included,
      egressBytes: (plan: Plan) => plan.allowances.egressBytes.included,
      webhookDeliveriesPerMonth: (plan: Plan) => plan.allowances.webhookDeliveries.included,
    },
  };
}
