import { Errors } from '@fedbase/errors';
import type { RateLimiter } from '@fedbase/rate-limit';

export type AttemptKind = 'sign-in' | 'sign-up' | 'password-reset';

export interface AttemptLimiter {
  /** Counts one attempt on an account, or RATE_LIMITED with Retry-After once there were too many. */
  attempt(kind: AttemptKind, projectId: string, email: string): Promise<void>;
  /** Forgets the attempts after a success, so a user who finally got it right starts afresh. */
  succeeded(kind: AttemptKind, projectId: string, email: string): Promise<void>;
}

const windowSeconds = 15 * 60;

/**
 * Guessing a password (or flooding someone's inbox with reset mail) is limited per project and
 * email, wherever the guesses come from; the gateway limits per client IP besides.
 */
export function createAttemptLimiter(limiter: RateLimiter, attemptsPerWindow: number): AttemptLimiter {
  const rule = { capacity: attemptsPerWindow, refillPerSecond: attemptsPerWindow / windowSeconds };
  const key = (kind: AttemptKind, projectId: string, email: string) => `auth:${kind}:${projectId}:${email}`;
  return {
    async attempt(kind, projectId, email) {
      const decision = await limiter.take(key(kind, projectId, email), rule);
      if (!decision.allowed) {
        throw Errors.rateLimited(
          decision.retryAfterSeconds,
          `Too many attempts for this account: wait ${decision.retryAfterSeconds} s before trying again.`,
        );
      }
    },
    succeeded: (kind, projectId, email) => limiter.reset(key(kind, projectId, email)),
  };
}
