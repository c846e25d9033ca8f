import { setTimeout as sleep } from 'node:timers/promises';
import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';

const cooldownMs = 1_000;

/**
 * Identity's public keys over HTTP, cached. An unknown `kid` refetches them, at most once a second
 * so a flood of forged kids cannot hammer identity. A kid can be new for good reasons (a project
 * created or a key rotated a moment ago) while that cooldown blocks the refetch: then we wait it
 * out once and look again, rather than refuse a genuine token.
 */
export function createRemoteKeySet(jwksUrl: string): JWTVerifyGetKey {
  const jwks = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: cooldownMs, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 });
  return async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !jwks.coolingDown) throw error;
      await sleep(cooldownMs);
      return jwks(header, token);
    }
  };
}
