import type { Database } from '@fedbase/db';
import type { Plan } from './plans.ts';

export interface BillingService {
  listPlans(): readonly Plan[];
  findPlan(id: string): Plan | undefined;
  getCurrentPlan(projectId: string): Promise<Plan>;
}

export function createBillingService(db: Database, plans: readonly Plan[]): BillingService {
  const byId = new Map(plans.map((plan) => [plan.id, plan]));
  const [startingPlan] = plans;
  if (!startingPlan) throw new Error('billing needs at least one plan');
  return {
    listPlans: () => plans,
    findPlan: (id) => byId.get(id),
    async getCurrentPlan(projectId) {
      const row = await db.prisma.projectPlan.findUnique({ where: { projectId } });
      // A plan removed from the catalogue leaves its projects on the starting plan, not broken.
      return (row && byId.get(row.planId)) ?? startingPlan;
    },
  };
}
