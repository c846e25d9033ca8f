import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../src/secret-box.ts';

const secret = 'a-long-operator-supplied-secret-value';

describe('the secret box', () => {
  it('opens what it sealed, including non-ASCII text', () => {
    const box = createSecretBox(secret, 'totp');
    const plaintext = '{"kty":"OKP","d":"private"} ✓';
    const sealed = box.seal(plaintext);
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(sealed).not.toContain('private');
    expect(box.open(sealed)).toBe(plaintext);
  });

  it('uses a fresh IV, so sealing the same text twice gives different values', () => {
    const box = createSecretBox(secret, 'totp');
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('detects a changed ciphertext, IV or tag', () => {
    const box = createSecretBox(secret, 'totp');
    const parts = box.seal('JBSWY3DPEHPK3PXP').split('.');
    for (const index of [1, 2, 3]) {
      const altered = [...parts];
      const part = altered[index] ?? '';
      altered[index] = (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
      expect(() => box.open(altered.join('.'))).toThrow(/KEY_ENCRYPTION_SECRET or ADMIN_SECRET changed/);
    }
  });

  it('refuses a truncated authentication tag', () => {
    const box = createSecretBox(secret, 'totp');
    const [version, iv, tag, ciphertext] = box.seal('JBSWY3DPEHPK3PXP').split('.');
    expect(() => box.open([version, iv, tag?.slice(0, 6), ciphertext].join('.'))).toThrow(/cannot decrypt/);
  });

  it('cannot open a value sealed with another secret', () => {
    const sealed = createSecretBox(secret, 'totp').seal('JBSWY3DPEHPK3PXP');
    expect(() => createSecretBox(`${secret}-rotated`, 'totp').open(sealed)).toThrow(/was KEY_ENCRYPTION_SECRET or ADMIN_SECRET changed\?/);
  });

  it('derives a different key for each purpose', () => {
    const sealed = createSecretBox(secret, 'signing-keys').seal('private key');
    expect(() => createSecretBox(secret, 'totp').open(sealed)).toThrow(/cannot decrypt/);
    expect(createSecretBox(secret, 'signing-keys').open(sealed)).toBe('private key');
  });

  it('says so when given something that was never sealed', () => {
    const box = createSecretBox(secret, 'totp');
    expect(() => box.open('JBSWY3DPEHPK3PXP')).toThrow(/not a value sealed/);
    expect(() => box.open('v2.a.b.c')).toThrow(/not a value sealed/);
  });
});
