import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether an `x-admin-secret` (from a header or graphql-ws connectionParams) is the operator's.
 * Compared as digests in constant time, as @fedbase/http's hasAdminSecret does for requests, so
 * neither content nor length leaks through timing. Without ADMIN_SECRET nobody is the operator.
 */
export function createOperatorCheck(adminSecret: string | undefined): (given: string | null | undefined) => boolean {
  if (!adminSecret) return () => false;
  const expected = digest(adminSecret);
  return (given) => typeof given === 'string' && given !== '' && timingSafeEqual(digest(given), expected);
}
