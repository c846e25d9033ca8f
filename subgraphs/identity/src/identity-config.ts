import { ConfigError, parseConfig, variables, z } from '@fedbase/config';

/** What identity reads beyond what every subgraph reads (see @fedbase/subgraph-server). */
export function parseIdentityConfig(env: Readonly<Record<string, string | undefined>> = process.env) {
  const config = parseConfig(
    {
      /** The operator's secret: creates projects (`x-admin-secret`). `npm start` generates one. */
      ADMIN_SECRET: variables.optionalSecret,
      /** Seals signing keys and TOTP secrets at rest; ADMIN_SECRET when unset. */
      KEY_ENCRYPTION_SECRET: variables.optionalSecret,
      ACCESS_TOKEN_TTL_SECONDS: variables.seconds(900, 30),
      REFRESH_TOKEN_TTL_SECONDS: variables.seconds(30 * 24 * 3600, 60),
      /** How long the gateway may reuse a project token for an API key: bounds how late a revoked key stops working. */
      PROJECT_TOKEN_TTL_SECONDS: variables.seconds(60, 5),
      /** log2 of scrypt's N. 15 = 32 MiB and ~100 ms per hash on one core. */
      PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(15),
      SMTP_URL: variables.optionalUrl(['smtp', 'smtps']),
      MAIL_FROM: z.string().min(3).default('Fedbase <no-reply@localhost>'),
      /** Where links in mail point: the app's page that takes `?token=`. */
      PUBLIC_APP_URL: variables.url('http://localhost:3000', ['http', 'https']),
      /** Sign-in, sign-up and reset attempts allowed per project+email per 15 minutes (the gateway limits per IP). */
      AUTH_ATTEMPTS_PER_EMAIL: z.coerce.number().int().min(1).default(10),
    },
    env,
  );
  const encryptionSecret = config.KEY_ENCRYPTION_SECRET ?? config.ADMIN_SECRET;
  if (!encryptionSecret) {
    throw new ConfigError(['ADMIN_SECRET: must be set (or KEY_ENCRYPTION_SECRET) to seal signing keys; `npm start` generates one']);
  }
  return Object.freeze({
    adminSecret: config.ADMIN_SECRET,
    encryptionSecret,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
    projectTokenTtlSeconds: config.PROJECT_TOKEN_TTL_SECONDS,
    passwordHashCost: config.PASSWORD_HASH_COST,
    smtpUrl: config.SMTP_URL,
    mailFrom: config.MAIL_FROM,
    publicAppUrl: config.PUBLIC_APP_URL.replace(/\/+$/, ''),
    attemptsPerEmail: config.AUTH_ATTEMPTS_PER_EMAIL,
  });
}

export type IdentityConfig = ReturnType<typeof parseIdentityConfig>;
