import { describe, expect, it } from 'vitest';
import { createTotpSecret, generateTotp, totpUri, verifyTotp } from '../../src/security/totp.ts';

// RFC 6238 appendix B's SHA-1 seed, "12345678901234567890", in base32.
const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const now = new Date('2026-03-01T12:00:10Z');
const step = Math.floor(now.getTime() / 30_000);
const secondsLater = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe('TOTP', () => {
  it('creates 20-byte base32 secrets, different every time', () => {
    const secret = createTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(createTotpSecret()).not.toBe(secret);
  });

  it('generates the RFC 6238 test vector', () => {
    expect(generateTotp(rfcSecret, new Date(59_000))).toBe('287082');
    expect(generateTotp(rfcSecret, new Date(1_111_111_109_000))).toBe('081804');
  });

  it('builds an otpauth URI with SHA1, 6 digits and a 30 second period', () => {
    const uri = new URL(totpUri({ secret: rfcSecret, issuer: 'Acme App', label: 'ada@example.com' }));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Acme App:ada@example.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ issuer: 'Acme App', secret: rfcSecret, algorithm: 'SHA1', digits: '6', period: '30' });
  });

  it('accepts the current code and returns its time step', () => {
    const secret = createTotpSecret();
    expect(verifyTotp(secret, generateTotp(secret, now), { now })).toBe(step);
  });

  it('accepts a code typed with spaces', () => {
    const code = generateTotp(rfcSecret, now);
    expect(verifyTotp(rfcSecret, ` ${code.slice(0, 3)} ${code.slice(3)} `, { now })).toBe(step);
  });

  it('accepts the previous step within the window and reports that older step', () => {
    const previous = generateTotp(rfcSecret, secondsLater(-30));
    expect(verifyTotp(rfcSecret, previous, { now })).toBe(step - 1);
    expect(verifyTotp(rfcSecret, previous, { now, window: 0 })).toBeNull();
  });

  it('refuses a code from outside the window', () => {
    expect(verifyTotp(rfcSecret, generateTotp(rfcSecret, secondsLater(-90)), { now })).toBeNull();
    expect(verifyTotp(rfcSecret, generateTotp(rfcSecret, secondsLater(90)), { now })).toBeNull();
  });

  it('refuses anything that is not six digits', () => {
    const code = generateTotp(rfcSecret, now);
    for (const garbage of ['', 'abcdef', code.slice(0, 5), `${code}0`, `${code.slice(0, 5)}x`, '12345a', '１２３４５６']) {
      expect(verifyTotp(rfcSecret, garbage, { now }), garbage).toBeNull();
    }
  });
});
