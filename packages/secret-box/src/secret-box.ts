import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface SecretBox {
  /** `v1.<iv>.<tag>.<ciphertext>`, each base64url; a fresh IV every call, so equal inputs differ. */
  seal(plaintext: string): string;
  /** The plaintext of `seal`'s output; throws when the value was altered or sealed with another key. */
  open(sealed: string): string;
}

const version = 'v1';
const ivLength = 12;
const tagLength = 16;
const hkdfSalt = 'fedbase';
const decryptError = 'cannot decrypt: was KEY_ENCRYPTION_SECRET or ADMIN_SECRET changed?';

/**
 * AES-256-GCM with a key derived from `secret` for one `purpose` ("signing-keys", "totp", …), so a
 * value sealed for one purpose cannot be opened as another, and the operator-supplied secret is
 * never used as a key directly.
 */
export function createSecretBox(secret: string, purpose: string): SecretBox {
  if (!secret) throw new Error('createSecretBox needs a non-empty secret');
  if (!purpose) throw new Error('createSecretBox needs a purpose');
  const key = Buffer.from(hkdfSync('sha256', secret, hkdfSalt, purpose, 32));

  return {
    seal(plaintext) {
      const iv = randomBytes(ivLength);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [version, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
    },
    open(sealed) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== version) {
        throw new Error(`cannot decrypt: not a value sealed by this service (expected ${version}.<iv>.<tag>.<ciphertext>)`);
      }
      const [, ivText, tagText, ciphertextText] = parts as [string, string, string, string];
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      // GCM would otherwise accept a truncated tag, which is far easier to forge.
      if (iv.length !== ivLength || tag.length !== tagLength) throw new Error(decryptError);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new Error(decryptError, { cause });
      }
    },
  };
}
