import { randomBytes } from 'node:crypto';
import { hashToken } from './opaque-token.ts';

// 32 symbols, so each is exactly 5 random bits from one byte without modulo bias. No 0/o or 1/l,
// which people misread when copying codes from paper.
const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
const groupLength = 5;
const codeLength = groupLength * 2; // 10 symbols × 5 bits = 50 bits

/** Single-use codes like `k7tqm-x3hzc` for signing in without the authenticator app. */
export function createRecoveryCodes(count = 10): string[] {
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new RangeError('count must be an integer from 1 to 100');
  const codes = new Set<string>();
  while (codes.size < count) codes.add(randomCode());
  return [...codes];
}

/**
 * The canonical form of what a user typed: lower-case, without spaces or dashes, then re-grouped
 * as `xxxxx-xxxxx`. Anything that is not 10 symbols long is returned ungrouped and will not match.
 */
export function normalizeRecoveryCode(input: string): string {
  const compact = input.toLowerCase().replace(/[\s-]+/g, '');
  if (compact.length !== codeLength) return compact;
  return `${compact.slice(0, groupLength)}-${compact.slice(groupLength)}`;
}

/**
 * What to store for a code. A fast hash, as for tokens: 50 bits cannot be brute-forced online, and
 * a code only replaces the second factor after the password, so a leaked table alone opens nothing.
 */
export function hashRecoveryCode(input: string): string {
  return hashToken(normalizeRecoveryCode(input));
}

function randomCode(): string {
  const symbols = [...randomBytes(codeLength)].map((byte) => alphabet[byte & 31] ?? '');
  return `${symbols.slice(0, groupLength).join('')}-${symbols.slice(groupLength).join('')}`;
}
