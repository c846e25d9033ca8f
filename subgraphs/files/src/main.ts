import { join } from 'node:path';
import { createLimitsCache } from '@fedbase/plan-limits';
import { runSubgraph } from '@fedbase/subgraph-server';
import { parseFilesConfig } from './files-config.ts';
import { createFilesRoutes } from './http.ts';
import { createFilesResolvers } from './resolvers.ts';
import { createFilesService } from './service.ts';
import { createDiskStore, createS3Store } from './storage/index.ts';

await runSubgraph({
  name: 'files',
  outbox: { forwardToEventLog: true },
  createSubgraph: async ({ config, db, logger, env, outbox }) => {
    const filesConfig = parseFilesConfig(env);
    const store = filesConfig.s3 ? await createS3Store(filesConfig.s3) : await createDiskStore({ root: join(config.dataDir, 'files', 'storage') });
    const limits = createLimitsCache({ billingUrl: filesConfig.billingUrl, adminSecret: filesConfig.adminSecret, logger, ttlMs: filesConfig.limitsTtlMs });
    const service = createFilesService({ db, store, config: filesConfig, logger, afterOutboxCommit: outbox.kick, limits });
    service.janitor.start();
    return {
      resolvers: createFilesResolvers(service),
      routes: createFilesRoutes({ upload: service.upload, download: service.download, usage: service.usage, adminSecret: filesConfig.adminSecret }),
      close: async () => {
        await service.janitor.close();
        await store.close();
      },
    };
  },
});
