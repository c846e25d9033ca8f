import { Secret, TOTP } from 'otpauth';

// What every authenticator app understands; other algorithms or lengths are silently ignored by some.
const algorithm = 'SHA1';
const digits = 6;
const period = 30;

const codePattern = /^\d{6}$/;

export interface TotpUriOptions {
  /** Base32 secret from `createTotpSecret`. */
  secret: string;
  /** Shown by the app as the account's provider, e.g. the project's name. */
  issuer: string;
  /** Shown by the app as the account, e.g. the user's email. */
  label: string;
}

export interface VerifyTotpOptions {
  /** How many 30-second steps either side of now are accepted, for clock drift and slow typing. */
  window?: number;
  now?: Date;
}

/** 20 random bytes (the size RFC 4226 recommends for SHA-1), base32 as authenticator apps expect. */
export function createTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/…` URI to show as a QR code. */
export function totpUri({ secret, issuer, label }: TotpUriOptions): string {
  return totp(secret, issuer, label).toString();
}

/**
 * The time step (30-second counter since the epoch) that `code` belongs to, or null when it matches
 * none within `window`. The caller must store the step and refuse any code whose step is not
 * greater than the stored one, or an observed code could be replayed within its window.
 */
export function verifyTotp(secret: string, code: string, { window = 1, now }: VerifyTotpOptions = {}): number | null {
  // Apps show codes as "123 456", and users paste them that way.
  const token = code.replace(/\s+/g, '');
  if (!codePattern.test(token)) return null;
  const timestamp = (now ?? new Date()).getTime();
  const delta = totp(secret).validate({ token, timestamp, window });
  // otpauth returns the offset from the current step, not the step itself.
  return delta === null ? null : TOTP.counter({ period, timestamp }) + delta;
}

/** The code an authenticator app would show at `now`; for tests and tooling. */
export function generateTotp(secret: string, now: Date = new Date()): string {
  return totp(secret).generate({ timestamp: now.getTime() });
}

function totp(secret: string, issuer = '', label = 'fedbase'): TOTP {
  return new TOTP({ issuer, label, secret: Secret.fromBase32(secret), algorithm, digits, period });
}
