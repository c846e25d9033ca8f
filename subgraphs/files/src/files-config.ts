import { ConfigError, parseConfig, variables, z } from '@fedbase/config';

/** What the files subgraph reads beyond what every subgraph reads (see @fedbase/subgraph-server). */
export function parseFilesConfig(env: Readonly<Record<string, string | undefined>> = process.env) {
  const config = parseConfig(
    {
      ADMIN_SECRET: variables.optionalSecret,
      /** Signs upload and download URLs (a key derived for that purpose); ADMIN_SECRET when unset. */
      KEY_ENCRYPTION_SECRET: variables.optionalSecret,
      /** The gateway's public origin: upload and download URLs point there. `npm start` sets it. */
      PUBLIC_URL: variables.url('http://127.0.0.1:4000', ['http', 'https']),
      /** The largest file any bucket accepts (a GraphQL Int: at most 2 GiB - 1). */
      FILES_MAX_FILE_SIZE: z.coerce.number().int().min(1).max(2 ** 31 - 1).default(1024 ** 3),
      /** Billing's base URL: plan quotas for storage and egress come from it. `npm start` sets it. */
      BILLING_URL: variables.url('http://127.0.0.1:4105', ['http', 'https']),
      /** How long a project's plan limits are used before billing is asked again. */
      BILLING_LIMITS_TTL_MS: z.coerce.number().int().min(100).default(5_000),
      /** How long an upload URL works. */
      UPLOAD_URL_TTL_SECONDS: variables.seconds(900, 10),
      /** Any S3-compatible store; unset: a directory under DATA_DIR. */
      S3_ENDPOINT: variables.optionalUrl(['http', 'https']),
      S3_REGION: z.string().min(1).default('us-east-1'),
      S3_BUCKET: z.string().min(3).default('fedbase'),
      S3_ACCESS_KEY_ID: z.string().min(1).optional(),
      S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
      /** Path-style URLs (`endpoint/bucket/key`), which MinIO and most self-hosted stores need. */
      S3_FORCE_PATH_STYLE: variables.boolean(true),
    },
    env,
  );
  const signingSecret = config.KEY_ENCRYPTION_SECRET ?? config.ADMIN_SECRET;
  if (!signingSecret) {
    throw new ConfigError(['ADMIN_SECRET: must be set (or KEY_ENCRYPTION_SECRET) to sign file URLs; `npm start` generates one']);
  }
  if (config.S3_ENDPOINT && (!config.S3_ACCESS_KEY_ID || !config.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError(['S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: must be set with S3_ENDPOINT']);
  }
  return Object.freeze({
    /** Billing proves itself with it on `/internal/usage`. */
    adminSecret: config.ADMIN_SECRET,
    signingSecret,
    publicUrl: config.PUBLIC_URL.replace(/\/+$/, ''),
    billingUrl: config.BILLING_URL.replace(/\/+$/, ''),
    limitsTtlMs: config.BILLING_LIMITS_TTL_MS,
    maxFileSize: config.FILES_MAX_FILE_SIZE,
    uploadUrlTtlSeconds: config.UPLOAD_URL_TTL_SECONDS,
    s3: config.S3_ENDPOINT
      ? {
          endpoint: config.S3_ENDPOINT,
          region: config.S3_REGION,
          bucket: config.S3_BUCKET,
          accessKeyId: config.S3_ACCESS_KEY_ID!,
          secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
          forcePathStyle: config.S3_FORCE_PATH_STYLE,
        }
      : null,
  });
}

export type FilesConfig = ReturnType<typeof parseFilesConfig>;
