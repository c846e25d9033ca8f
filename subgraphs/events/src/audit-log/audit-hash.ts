import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The `prev_hash` of a chain's first entry. */
export const genesisHash = '0'.repeat(64);

/** What an entry's hash covers: everything but its row id and the hashes themselves. */
export interface AuditContent {
  projectId: string;
  seq: number;
  at: Date;
  actor: unknown;
  action: string;
  target: unknown;
  details: unknown;
  source: string;
}

/**
 * sha256_hex(prev_hash + RFC 8785 canonical JSON of the content). Canonical JSON (sorted keys, one
 * number format) makes the hash depend on the values only, not on how jsonb happens to order or
 * print them when the row is read back for verification.
 */
export function auditHash(prevHash: string, content: AuditContent): string {
  const canonical = canonicalize({ ...content, at: content.at.toISOString() });
  if (canonical === undefined) throw new TypeError('an audit entry must be JSON');
  return createHash('sha256').update(prevHash + canonical).digest('hex');
}
