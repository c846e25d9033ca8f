import { describe, expect, it } from 'vitest';
import { createPasswordHasher, defaultLog2Cost, hashPassword, needsRehash, verifyPassword } from '../../src/security/hash-password.ts';

const fast = 10;

describe('password hashing', () => {
  it('verifies the password it hashed and refuses a different one', async () => {
    const stored = await hashPassword('correct horse battery', fast);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterz', stored)).toBe(false);
  });

  it('salts every hash, so the same password never gives the same string twice', async () => {
    const [a, b] = await Promise.all([hashPassword('same password', fast), hashPassword('same password', fast)]);
    expect(a).not.toBe(b);
  });

  it('writes its parameters into the stored string', async () => {
    const stored = await hashPassword('correct horse battery', 11);
    expect(stored).toMatch(/^scrypt\$11\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  });

  it('still verifies a hash made with an older cost and asks for it to be rehashed', async () => {
    const old = await hashPassword('correct horse battery', 11);
    const hasher = createPasswordHasher({ log2Cost: 12 });
    expect(await hasher.verify('correct horse battery', old)).toBe(true);
    expect(hasher.needsRehash(old)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash('correct horse battery'))).toBe(false);
  });

  it('treats unreadable stored strings as a failed verify and a needed rehash instead of throwing', async () => {
    const good = await hashPassword('correct horse battery', fast);
    const malformed = [
      '',
      'not a hash',
      good.replace('scrypt$', 'bcrypt$'),
      good.replace('$10$', '$ten$'),
      good.replace('$10$', '$40$'),
      good.split('$').slice(0, 5).join('$'),
      `${good}$extra`,
      good.replace(/\$[\w-]+$/, '$'),
      good.replace(/\$[\w-]+$/, '$***'),
    ];
    for (const stored of malformed) {
      expect(await verifyPassword('correct horse battery', stored), stored).toBe(false);
      expect(needsRehash(stored), stored).toBe(true);
    }
  });

  it('matches a password typed in another Unicode normalisation form', async () => {
    const composed = 'caf\u00e9 au lait!';
    const decomposed = 'cafe\u0301 au lait!';
    expect(await verifyPassword(decomposed, await hashPassword(composed, fast))).toBe(true);
  });

  it('never accepts anything against the dummy hash', async () => {
    const hasher = createPasswordHasher({ log2Cost: fast });
    expect(await hasher.verifyAgainstDummy('correct horse battery')).toBe(false);
    expect(await hasher.verifyAgainstDummy('')).toBe(false);
  });

  it('refuses a cost too low to be memory-hard', () => {
    expect(() => createPasswordHasher({ log2Cost: 4 })).toThrow(RangeError);
  });

  // That the dummy check takes as long as a real one is measured in bench/ (identity-auth), not asserted here.
  it('hashes with N=2^15 by default', async () => {
    const stored = await createPasswordHasher().hash('correct horse battery');
    expect(stored.startsWith(`scrypt$${defaultLog2Cost}$`)).toBe(true);
    expect(defaultLog2Cost).toBe(15);
  });
});
