import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether a request carries the operator's secret in `x-admin-secret`: how subgraphs prove
 * themselves to each other on `/internal/*` routes (which the gateway never serves). Compared as
 * digests in constant time, so neither the content nor the length leaks through timing.
 */
export function hasAdminSecret(req: IncomingMessage, adminSecret: string | undefined): boolean {
  const given = req.headers['x-admin-secret'];
  return Boolean(adminSecret) && typeof given === 'string' && timingSafeEqual(digest(given), digest(adminSecret!));
}
