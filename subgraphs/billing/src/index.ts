export { defaultPlans, type Plan } from './plans.ts';
export { createBillingResolvers } from './resolvers.ts';
export { createBillingService, type BillingService } from './service.ts';
