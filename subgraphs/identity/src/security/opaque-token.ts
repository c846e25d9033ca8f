import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const prefixPattern = /^[a-z][a-z0-9]*_$/;

/**
 * A random token such as `fbrt_Xq3…` (base64url after the prefix). The prefix, which must end in
 * `_`, tells a human or a secret scanner what a leaked token is.
 */
export function createOpaqueToken(prefix: string, bytes = 32): string {
  if (!prefixPattern.test(prefix)) throw new Error(`token prefix must look like "fbrt_", got "${prefix}"`);
  if (!Number.isInteger(bytes) || bytes < 16) throw new Error('a token needs at least 16 random bytes');
  return prefix + randomBytes(bytes).toString('base64url');
}

/**
 * What to store instead of the token. A plain SHA-256 is right here, unlike for passwords: the
 * token has 128+ bits of entropy, so there is nothing to brute-force and a slow hash would only
 * slow down every request that presents one.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Constant-time comparison for strings of any length: hashing first gives both sides the same
 * length, which `timingSafeEqual` needs, without leaking the length through an early return.
 */
export function safeEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}
