import { ConfigError, parseConfig, variables, z } from '@fedbase/config';
import { defaultSubgraphPorts } from '@fedbase/schema';
import { defaultPlans, parsePlans } from './plans.ts';

/** What the billing subgraph reads beyond what every subgraph reads (see @fedbase/subgraph-server). */
export function parseBillingConfig(env: Readonly<Record<string, string | undefined>> = process.env) {
  const config = parseConfig(
    {
      /** The plan catalogue as a JSON array; the built-in free and pro plans when unset. */
      BILLING_PLANS: z.string().optional(),
      /** The files subgraph's base URL: stored bytes and egress are read from it. `npm start` sets it. */
      FILES_URL: variables.url(`http://127.0.0.1:${defaultSubgraphPorts.files}`, ['http', 'https']),
      /** How often storage, egress and webhook deliveries are read for projects with a spend alert. */
      BILLING_COLLECT_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
    },
    env,
  );
  let plans = defaultPlans;
  if (config.BILLING_PLANS) {
    try {
      plans = parsePlans(config.BILLING_PLANS);
    } catch (error) {
      throw new ConfigError([`BILLING_PLANS: ${(error as Error).message}`]);
    }
  }
  return Object.freeze({
    plans,
    filesUrl: config.FILES_URL.replace(/\/+$/, ''),
    collectIntervalMs: config.BILLING_COLLECT_INTERVAL_MS,
  });
}

export type BillingConfig = ReturnType<typeof parseBillingConfig>;
