import type { AuditActor } from '@fedbase/context';
import type { Database } from '@fedbase/db';
import { Errors } from '@fedbase/errors';
import type { Prisma } from '@fedbase/prisma';
import { writeAudit } from './audit.ts';
import { computeInvoice, type Invoice } from './invoice.ts';
import { periodOf } from './period.ts';
import type { Plan, Metric } from './plans.ts';
import type { ReadUsage } from './usage/create-usage-sources.ts';
import type { MeteringBatch } from './usage/metering-batch.ts';
import { writeSpendAlerts } from './usage/spend-alerts.ts';
import { emptyUsage, type Usage } from './usage/usage.ts';

export interface BillingServiceOptions {
  db: Database;
  plans: readonly Plan[];
  /** Storage, egress and webhook deliveries, from the subgraphs that count them. */
  readUsage: ReadUsage;
  /** Called after a commit that wrote outbox rows (the relay's kick). */
  afterOutboxCommit?: () => void;
  /** @default () => new Date() */
  now?: () => Date;
}

/** What the gateway (requests) and files (storage, egress) enforce for a project. */
export interface ProjectLimits {
  readonly plan: Plan;
  readonly period: string;
  /** Requests metered this month so far. */
  readonly requests: number;
}

export interface BillingService {
  listPlans(): readonly Plan[];
  findPlan(id: string): Plan | undefined;
  getCurrentPlan(projectId: string): Promise<Plan>;
  /** Audited, like setSpendAlert: `audit.billing.plan.changed` in the same transaction. */
  setPlan(projectId: string, planId: string, actor: AuditActor): Promise<Plan>;
  setSpendAlert(projectId: string, percentOfQuota: number, actor: AuditActor): Promise<void>;
  /** Applies a batch of request counts once: `applied` is false when the batch id was seen before. */
  recordBatch(batch: MeteringBatch): Promise<{ applied: boolean }>;
  limits(projectId: string): Promise<ProjectLimits>;
  usage(projectId: string, period: string): Promise<Usage>;
  invoice(projectId: string, period: string): Promise<Invoice>;
  /** Reads usage of every project with a spend alert (so storage and egress alerts fire too) and forgets old batch ids. */
  collect(): Promise<void>;
}

/** Batch ids are kept this long: far longer than a gateway retries one. */
const batchIdRetentionDays = 30;

export function createBillingService({ db, plans, readUsage, afterOutboxCommit = () => {}, now = () => new Date() }: BillingServiceOptions): BillingService {
  const byId = new Map(plans.map((plan) => [plan.id, plan]));
  const [startingPlan] = plans;
  if (!startingPlan) throw new Error('billing needs at least one plan');
  // A plan removed from the catalogue leaves its projects on the starting plan, not broken.
  const planOf = (planId: string | null | undefined): Plan => (planId ? byId.get(planId) : undefined) ?? startingPlan;

  const readCounters = async (client: Prisma.TransactionClient | Database['prisma'], projectId: string, period: string): Promise<Usage> => {
    const rows = await client.$queryRaw<{ metric: Metric; quantity: number }[]>`
      SELECT metric, quantity::float8 AS quantity FROM billing.usage_counters WHERE project_id = ${projectId}::uuid AND period = ${period}`;
    const usage: Record<string, number | string> = { ...emptyUsage(period) };
    for (const row of rows) usage[row.metric] = Number(row.quantity);
    return usage as unknown as Usage;
  };

  const alertSettings = async (client: Prisma.TransactionClient, projectIds: readonly string[]) =>
    client.$queryRaw<{ projectId: string; planId: string; percent: number }[]>`
      SELECT project_id::text AS "projectId", plan_id AS "planId", spend_alert_percent AS percent
        FROM billing.project_plans WHERE project_id = ANY(${projectIds}::uuid[]) AND spend_alert_percent IS NOT NULL`;

  const usage = async (projectId: string, period: string): Promise<Usage> => {
    const current = period === periodOf(now());
    const pulled = await readUsage(projectId, period);
    // Files knows what is stored now, not what was stored in a past month: that is the peak kept here.
    if (!current) delete pulled.storageBytes;
    let alerts = 0;
    const result = await db.prisma.$transaction(async (tx) => {
      for (const [metric, quantity] of Object.entries(pulled)) {
        // The highest figure wins: egress and deliveries only grow within a month, storage is billed at its peak.
        await tx.$executeRaw`
          INSERT INTO billing.usage_counters (project_id, period, metric, quantity, updated_at)
          VALUES (${projectId}::uuid, ${period}, ${metric}, ${Math.round(quantity)}, now())
          ON CONFLICT (project_id, period, metric) DO UPDATE SET quantity = GREATEST(billing.usage_counters.quantity, EXCLUDED.quantity), updated_at = now()`;
      }
      const counted = await readCounters(tx, projectId, period);
      if (current) {
        const [setting] = await alertSettings(tx, [projectId]);
        if (setting) alerts = await writeSpendAlerts(tx, projectId, setting.percent, planOf(setting.planId), counted);
      }
      return counted;
    });
    if (alerts > 0) afterOutboxCommit();
    return result;
  };

  return {
    listPlans: () => plans,
    findPlan: (id) => byId.get(id),

    async getCurrentPlan(projectId) {
      const row = await db.prisma.projectPlan.findUnique({ where: { projectId } });
      return planOf(row?.planId);
    },

    async setPlan(projectId, planId, actor) {
      const plan = byId.get(planId);
      if (!plan) throw Errors.badUserInput(`There is no plan "${planId.slice(0, 40)}": choose one of ${plans.map((p) => p.id).join(', ')}.`, { field: 'plan' });
      await db.prisma.$transaction(async (tx) => {
        const before = await tx.projectPlan.findUnique({ where: { projectId }, select: { planId: true } });
        await tx.projectPlan.upsert({ where: { projectId }, create: { projectId, planId }, update: { planId } });
        await writeAudit(tx, { projectId, action: 'plan.changed', actor, details: { plan: planId, previousPlan: planOf(before?.planId).id } });
      });
      afterOutboxCommit();
      return plan;
    },

    async setSpendAlert(projectId, percentOfQuota, actor) {
      if (!Number.isInteger(percentOfQuota) || percentOfQuota < 1 || percentOfQuota > 1000) {
        throw Errors.badUserInput('percentOfQuota is a whole number from 1 to 1000 (100 = the whole quota).', { field: 'percentOfQuota' });
      }
      await db.prisma.$transaction(async (tx) => {
        await tx.projectPlan.upsert({
          where: { projectId },
          create: { projectId, planId: startingPlan.id, spendAlertPercent: percentOfQuota },
          update: { spendAlertPercent: percentOfQuota },
        });
        await writeAudit(tx, { projectId, action: 'spend_alert.set', actor, details: { percentOfQuota } });
      });
      afterOutboxCommit();
    },

    async recordBatch(batch) {
      // Summed here first: one row per project and month, one per operation, whatever the batch holds.
      const totals = new Map<string, { projectId: string; period: string; operation?: string; requests: number }>();
      const add = (key: string, entry: { projectId: string; period: string; operation?: string }, requests: number) => {
        const total = totals.get(key) ?? { ...entry, requests: 0 };
        total.requests += requests;
        totals.set(key, total);
      };
      for (const { projectId, period, operation, requests } of batch.entries) {
        add(`${projectId} ${period}`, { projectId, period }, requests);
        add(`${projectId} ${period} ${operation}`, { projectId, period, operation }, requests);
      }
      const perPeriod = [...totals.values()].filter((total) => total.operation === undefined);
      const perOperation = [...totals.values()].filter((total) => total.operation !== undefined);
      let alerts = 0;
      const applied = await db.prisma.$transaction(async (tx) => {
        const inserted = await tx.$executeRaw`
          INSERT INTO billing.metering_batches (batch_id, source) VALUES (${batch.batchId}::uuid, ${batch.source}) ON CONFLICT DO NOTHING`;
        if (inserted === 0) return false;
        if (perPeriod.length === 0) return true;
        await tx.$executeRaw`
          INSERT INTO billing.usage_counters (project_id, period, metric, quantity, updated_at)
          SELECT project_id, period, 'requests', requests, now()
            FROM unnest(${perPeriod.map((t) => t.projectId)}::uuid[], ${perPeriod.map((t) => t.period)}::text[], ${perPeriod.map((t) => t.requests)}::bigint[]) AS t(project_id, period, requests)
          ON CONFLICT (project_id, period, metric) DO UPDATE SET quantity = billing.usage_counters.quantity + EXCLUDED.quantity, updated_at = now()`;
        await tx.$executeRaw`
          INSERT INTO billing.operation_counts (project_id, period, operation, requests)
          SELECT project_id, period, operation, requests
            FROM unnest(${perOperation.map((t) => t.projectId)}::uuid[], ${perOperation.map((t) => t.period)}::text[], ${perOperation.map((t) => t.operation)}::text[], ${perOperation.map((t) => t.requests)}::bigint[])
              AS t(project_id, period, operation, requests)
          ON CONFLICT (project_id, period, operation) DO UPDATE SET requests = billing.operation_counts.requests + EXCLUDED.requests`;
        const period = periodOf(now());
        for (const setting of await alertSettings(tx, [...new Set(perPeriod.map((t) => t.projectId))])) {
          alerts += await writeSpendAlerts(tx, setting.projectId, setting.percent, planOf(setting.planId), await readCounters(tx, setting.projectId, period));
        }
        return true;
      });
      if (alerts > 0) afterOutboxCommit();
      return { applied };
    },

    async limits(projectId) {
      const period = periodOf(now());
      const [row] = await db.query<{ planId: string | null; requests: number | null }>(
        `SELECT (SELECT plan_id FROM billing.project_plans WHERE project_id = $1::uuid) AS "planId",
                (SELECT quantity::float8 FROM billing.usage_counters WHERE project_id = $1::uuid AND period = $2 AND metric = 'requests') AS requests`,
        [projectId, period],
      );
      return { plan: planOf(row?.planId), period, requests: Number(row?.requests ?? 0) };
    },

    usage,

    async invoice(projectId, period) {
      // The plan the project is on now prices the month: plan changes are not kept as history yet.
      const [plan, used] = await Promise.all([this.getCurrentPlan(projectId), usage(projectId, period)]);
      return computeInvoice(plan, used);
    },

    async collect() {
      const rows = await db.query<{ projectId: string }>(`SELECT project_id::text AS "projectId" FROM billing.project_plans WHERE spend_alert_percent IS NOT NULL`);
      const period = periodOf(now());
      for (const { projectId } of rows) await usage(projectId, period);
      await db.query(`DELETE FROM billing.metering_batches WHERE received_at < now() - make_interval(days => $1)`, [batchIdRetentionDays]);
    },
  };
}
