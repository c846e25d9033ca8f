export { parseBillingConfig, type BillingConfig } from './billing-config.ts';
export { computeInvoice, type Invoice, type InvoiceLine } from './invoice.ts';
export { defaultPlans, isHardQuota, metrics, parsePlans, type Allowance, type Metric, type Plan } from './plans.ts';
export { createBillingResolvers } from './resolvers.ts';
export { createBillingService, type BillingService, type ProjectLimits } from './service.ts';
export { createUsageSources, type ReadUsage } from './usage/create-usage-sources.ts';
export type { Usage } from './usage/usage.ts';
