import { createRateLimiter } from '@fedbase/rate-limit';
import { runSubgraph } from '@fedbase/subgraph-server';
import { createIdentityRoutes } from './http.ts';
import { parseIdentityConfig } from './identity-config.ts';
import { createDevMailboxMailer } from './mail/create-dev-mailbox-mailer.ts';
import { createSmtpMailer } from './mail/create-smtp-mailer.ts';
import { createIdentityResolvers } from './resolvers.ts';
import { createIdentityService } from './service.ts';

await runSubgraph({
  name: 'identity',
  outbox: { forwardToEventLog: true },
  createSubgraph: ({ config, db, logger, env }) => {
    const identityConfig = parseIdentityConfig(env);
    const limiter = createRateLimiter({
      redisUrl: config.redisUrl,
      connectionName: 'fedbase-identity-limits',
      onError: (error) => logger.warn({ err: error }, 'rate limiter unavailable: allowing'),
      onReconnect: () => logger.info('rate limiter: Redis reachable again, limiting'),
    });
    const mailer = identityConfig.smtpUrl
      ? createSmtpMailer({ smtpUrl: identityConfig.smtpUrl, from: identityConfig.mailFrom })
      : createDevMailboxMailer(async (mail) => {
          await db.prisma.mail.create({ data: mail });
        });
    const service = createIdentityService({
      db,
      config: identityConfig,
      tokenIssuer: config.tokenIssuer,
      limiter,
      mailer,
      mailIsLocal: !identityConfig.smtpUrl,
      logger,
    });
    return {
      resolvers: createIdentityResolvers(service),
      routes: createIdentityRoutes(service, config.adminSecret),
      keys: service.keyRing.getKey,
      close: async () => {
        await mailer.close();
        await limiter.close();
      },
    };
  },
});
