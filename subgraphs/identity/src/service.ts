import { safeEqual } from './security/opaque-token.ts';
import type { Database } from '@fedbase/db';
import type { RateLimiter } from '@fedbase/rate-limit';
import type { Logger } from '@fedbase/telemetry';
import type { IdentityConfig } from './identity-config.ts';
import type { Mailer } from './mail/mailer.ts';
import { createProjectService, type ProjectService } from './projects/project-service.ts';
import { createPasswordHasher } from './security/hash-password.ts';
import { createSecretBox } from '@fedbase/secret-box';
import { createKeyRing, type KeyRing } from './tokens/key-ring.ts';
import { createTokenIssuer } from './tokens/token-issuer.ts';
import { createAccountService, type AccountService } from './users/account-service.ts';
import { createAttemptLimiter } from './users/attempt-limiter.ts';
import { createAuthService, type AuthService } from './users/auth-service.ts';
import { createSecondFactor, type SecondFactor } from './users/second-factor.ts';

export interface IdentityService {
  readonly keyRing: KeyRing;
  readonly projects: ProjectService;
  readonly auth: AuthService;
  readonly accounts: AccountService;
  readonly secondFactor: SecondFactor;
  /** Whether `secret` is the operator's ADMIN_SECRET (constant time); false when none is set. */
  isAdminSecret(secret: string | undefined): boolean;
}

export interface IdentityServiceOptions {
  db: Database;
  config: IdentityConfig;
  tokenIssuer: string;
  limiter: RateLimiter;
  mailer: Mailer;
  mailIsLocal: boolean;
  logger: Logger;
}

/** Wires identity's services together; each is tested on its own and through the gateway. */
export function createIdentityService({ db, config, tokenIssuer, limiter, mailer, mailIsLocal, logger }: IdentityServiceOptions): IdentityService {
  const keyRing = createKeyRing({
    db,
    secretBox: createSecretBox(config.encryptionSecret, 'signing-keys'),
    retiredKeyGraceSeconds: Math.max(config.accessTokenTtlSeconds, config.projectTokenTtlSeconds) + 60,
  });
  const tokens = createTokenIssuer({
    keyRing,
    issuer: tokenIssuer,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    projectTokenTtlSeconds: config.projectTokenTtlSeconds,
  });
  const hasher = createPasswordHasher({ log2Cost: config.passwordHashCost });
  const attempts = createAttemptLimiter(limiter, config.attemptsPerEmail);
  const secondFactor = createSecondFactor({ db, secretBox: createSecretBox(config.encryptionSecret, 'totp-secrets') });
  const auth = createAuthService({ db, hasher, tokens, attempts, secondFactor, refreshTokenTtlSeconds: config.refreshTokenTtlSeconds });
  const accounts = createAccountService({ db, hasher, auth, attempts, mailer, mailIsLocal, publicAppUrl: config.publicAppUrl, logger });
  const adminSecret = config.adminSecret;
  return {
    keyRing,
    projects: createProjectService({ db, keyRing, tokens }),
    auth,
    accounts,
    secondFactor,
    isAdminSecret(secret) {
      return Boolean(adminSecret && secret && safeEqual(secret, adminSecret));
    },
  };
}
