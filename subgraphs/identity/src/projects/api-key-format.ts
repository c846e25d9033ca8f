import type { ApiKeyKind } from '@fedbase/prisma';
import { createOpaqueToken, hashToken } from '../security/opaque-token.ts';

const keyPrefixes: Record<ApiKeyKind, string> = { PUBLISHABLE: 'fbpk_', SECRET: 'fbsk_' };

/** How many leading characters of a key are stored in clear, to find its row and show in lists. */
const visiblePrefixLength = 13;

export interface NewApiKey {
  readonly key: string;
  readonly prefix: string;
  readonly keyHash: string;
}

/**
 * A new key: `fbpk_` or `fbsk_` (so a leaked secret key is recognisable by scanners) and 256
 * random bits. Only a SHA-256 of it is stored: with that much entropy a slow hash adds nothing.
 */
export function createApiKeyValue(kind: ApiKeyKind): NewApiKey {
  const key = createOpaqueToken(keyPrefixes[kind]);
  return { key, prefix: apiKeyPrefix(key), keyHash: hashToken(key) };
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, visiblePrefixLength);
}

/** Whether a string is shaped like one of our keys at all (cheap check before any lookup). */
export function looksLikeApiKey(key: string): boolean {
  return /^fb[ps]k_[\w-]{20,100}$/.test(key);
}
