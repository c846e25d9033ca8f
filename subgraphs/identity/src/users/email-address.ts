import { Errors } from '@fedbase/errors';

// Deliberately loose (one @, a dot in the domain, no spaces): the only real check of an address
// is the verification mail.
const emailPattern = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** The address as stored: trimmed and lower-cased, so `Ann@x.io` and `ann@x.io` are one account. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The normalized address, or BAD_USER_INPUT naming the field. */
export function parseEmail(email: string): string {
  const normalized = normalizeEmail(email);
  if (normalized.length > 254 || !emailPattern.test(normalized)) {
    throw Errors.badUserInput(`"${email.slice(0, 100)}" is not an email address.`, { field: 'email' });
  }
  return normalized;
}
