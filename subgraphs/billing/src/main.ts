import { runSubgraph } from '@fedbase/subgraph-server';
import { parseBillingConfig } from './billing-config.ts';
import { createBillingRoutes } from './http.ts';
import { createBillingResolvers } from './resolvers.ts';
import { createBillingService } from './service.ts';
import { createUsageSources } from './usage/create-usage-sources.ts';

await runSubgraph({
  name: 'billing',
  // billing.alert goes through the outbox to the event log, so a webhook can page someone.
  outbox: { forwardToEventLog: true },
  createSubgraph: ({ config, db, logger, env, outbox }) => {
    const billingConfig = parseBillingConfig(env);
    let stopping = false;
    // The other subgraphs stop alongside this one: a read they no longer answer then is no news.
    const sourceLogger = { warn: (details: object, message: string) => (stopping ? undefined : logger.warn(details, message)) };
    const readUsage = createUsageSources({ filesUrl: billingConfig.filesUrl, eventsUrl: config.eventsUrl, adminSecret: config.adminSecret, logger: sourceLogger });
    const service = createBillingService({ db, plans: billingConfig.plans, readUsage, afterOutboxCommit: outbox.kick });
    let collecting: Promise<void> = Promise.resolve();
    const collector = setInterval(() => {
      collecting = service.collect().catch((error: unknown) => logger.warn({ err: error }, 'collecting usage failed; will retry'));
    }, billingConfig.collectIntervalMs).unref();
    return {
      resolvers: createBillingResolvers(service),
      routes: createBillingRoutes(service, config.adminSecret),
      close: async () => {
        stopping = true;
        clearInterval(collector);
        await collecting;
      },
    };
  },
});
