import type { Database } from '@fedbase/db';
import type { LimitsCache } from '@fedbase/plan-limits';
import type { Logger } from '@fedbase/telemetry';
import { createBucketService } from './buckets/bucket-service.ts';
import type { FilesConfig } from './files-config.ts';
import { createFileQuotas } from './files/create-file-quotas.ts';
import { createFileService } from './files/file-service.ts';
import { readUsage } from './files/read-usage.ts';
import { createFileJanitor } from './maintenance/create-file-janitor.ts';
import type { ObjectStore } from './storage/index.ts';
import { createDownloadHandler } from './transfer/download-file.ts';
import { createUploadHandler } from './transfer/upload-file.ts';
import { createFileUrlSigner } from './urls/file-url-signer.ts';

export interface FilesServiceOptions {
  db: Database;
  store: ObjectStore;
  config: Pick<FilesConfig, 'signingSecret' | 'publicUrl' | 'maxFileSize' | 'uploadUrlTtlSeconds'>;
  logger: Logger;
  /** Called after a commit that wrote outbox rows (the relay's kick). */
  afterOutboxCommit?: () => void;
  /** The project's plan limits (storage, egress), from billing; none enforced when undefined. */
  limits?: LimitsCache | undefined;
}

/** Wires the files subgraph: buckets, files, the byte transfers and the janitor. */
export function createFilesService({ db, store, config, logger, afterOutboxCommit, limits }: FilesServiceOptions) {
  const quotas = createFileQuotas(db, limits);
  const signer = createFileUrlSigner(config.signingSecret);
  const janitor = createFileJanitor({ db, store, logger });
  const buckets = createBucketService(db, { maxFileSize: config.maxFileSize });
  const files = createFileService({
    db,
    buckets,
    signer,
    publicUrl: config.publicUrl,
    maxFileSize: config.maxFileSize,
    uploadUrlTtlSeconds: config.uploadUrlTtlSeconds,
    drainDeletions: janitor.drainDeletions,
    afterOutboxCommit,
    quotas,
  });
  return {
    buckets,
    files,
    janitor,
    upload: createUploadHandler({ db, store, signer, logger, afterOutboxCommit }),
    download: createDownloadHandler({ db, store, signer, logger, quotas }),
    /** Storage and egress of a project, for billing. */
    usage: (projectId: string, period: string) => readUsage(db, projectId, period),
  };
}

export type FilesService = ReturnType<typeof createFilesService>;
