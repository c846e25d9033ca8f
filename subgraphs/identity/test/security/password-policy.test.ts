import { describe, expect, it } from 'vitest';
import { commonPasswords } from '../../src/security/common-passwords.ts';
import { checkPassword } from '../../src/security/password-policy.ts';

describe('the password policy', () => {
  it('accepts a long, uncommon password', () => {
    expect(checkPassword('violet staple orbit 42')).toBeNull();
    expect(checkPassword('Tr0mb0ne-Gl4cier')).toBeNull();
  });

  it('asks for at least 10 characters, counting an emoji as one', () => {
    expect(checkPassword('short pw1')).toMatch(/at least 10 characters/);
    expect(checkPassword('🔐🔐🔐🔐🔐abcd')).toMatch(/at least 10 characters/);
    expect(checkPassword('🔐🔐🔐🔐🔐abcde')).toBeNull();
  });

  it('refuses more than 256 characters', () => {
    expect(checkPassword('ab'.repeat(128))).toBeNull();
    expect(checkPassword(`${'ab'.repeat(128)}c`)).toMatch(/at most 256/);
  });

  it('refuses one character repeated', () => {
    expect(checkPassword('zzzzzzzzzzzz')).toMatch(/not one character repeated/);
  });

  it('refuses a common leaked password whatever its case', () => {
    expect(checkPassword('1234567890')).toMatch(/most common/);
    expect(checkPassword('QwertyUiop')).toMatch(/most common/);
    expect(checkPassword('Password123')).toMatch(/most common/);
  });

  it('refuses a common password with only digits or symbols appended', () => {
    expect(checkPassword('password1234!')).toMatch(/most common/);
    expect(checkPassword('Iloveyou2024#')).toMatch(/most common/);
    expect(checkPassword('1234567890!!')).toMatch(/most common/);
  });

  it('accepts a common word when more than digits and symbols were added to it', () => {
    expect(checkPassword('password manager rocks')).toBeNull();
    expect(checkPassword('abc-trombone-9')).toBeNull();
  });

  it('lists only lower-case passwords the length rule would not already refuse', () => {
    expect(commonPasswords.size).toBeGreaterThanOrEqual(140);
    for (const password of commonPasswords) {
      expect(password.length, password).toBeGreaterThanOrEqual(10);
      expect(password, password).toBe(password.toLowerCase());
    }
  });
});
