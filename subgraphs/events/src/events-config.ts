import { ConfigError, parseConfig, variables, z } from '@fedbase/config';

/** What the events subgraph reads beyond what every subgraph reads (see @fedbase/subgraph-server). */
export function parseEventsConfig(env: Readonly<Record<string, string | undefined>> = process.env) {
  const config = parseConfig(
    {
      ADMIN_SECRET: variables.optionalSecret,
      /** Seals webhook signing secrets at rest; ADMIN_SECRET when unset. */
      KEY_ENCRYPTION_SECRET: variables.optionalSecret,
      /** The first retry's upper bound; each later one doubles it (full jitter: a random delay below it). */
      WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(1).default(5_000),
      /** Attempts before a delivery is DEAD (a dead letter, replayable). */
      WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
      /** One attempt's limit, connection to last byte. */
      WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
      /** Loopback and private destinations are refused unless true (they reach inside your network). */
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: variables.boolean(false),
      /** Billing's base URL: the plan's webhook delivery quota comes from it. `npm start` sets it. */
      BILLING_URL: variables.url('http://127.0.0.1:4105', ['http', 'https']),
      /** How long a project's plan limits are used before billing is asked again. */
      BILLING_LIMITS_TTL_MS: z.coerce.number().int().min(100).default(5_000),
    },
    env,
  );
  const encryptionSecret = config.KEY_ENCRYPTION_SECRET ?? config.ADMIN_SECRET;
  if (!encryptionSecret) {
    throw new ConfigError(['ADMIN_SECRET: must be set (or KEY_ENCRYPTION_SECRET) to seal webhook secrets; `npm start` generates one']);
  }
  return Object.freeze({
    adminSecret: config.ADMIN_SECRET,
    encryptionSecret,
    webhookBackoffMs: config.WEBHOOK_BACKOFF_MS,
    webhookMaxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
    allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    billingUrl: config.BILLING_URL.replace(/\/+$/, ''),
    limitsTtlMs: config.BILLING_LIMITS_TTL_MS,
  });
}

export type EventsConfig = ReturnType<typeof parseEventsConfig>;
