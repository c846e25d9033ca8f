import { describe, expect, it } from 'vitest';
import { createOpaqueToken, hashToken, safeEqual } from '../../src/security/opaque-token.ts';

describe('opaque tokens', () => {
  it('are the prefix followed by base64url of 32 random bytes by default', () => {
    const token = createOpaqueToken('fbrt_');
    expect(token).toMatch(/^fbrt_[\w-]{43}$/);
    expect(createOpaqueToken('fbrt_')).not.toBe(token);
    expect(createOpaqueToken('fbev_', 16)).toMatch(/^fbev_[\w-]{22}$/);
  });

  it('refuse a prefix without the trailing underscore or with too few bytes', () => {
    expect(() => createOpaqueToken('fbrt')).toThrow(/prefix/);
    expect(() => createOpaqueToken('fbrt_', 8)).toThrow(/16 random bytes/);
  });

  it('hash to the SHA-256 hex digest', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('compare equal only when identical, whatever the lengths', () => {
    const token = createOpaqueToken('fbrt_');
    expect(safeEqual(token, `${token}`)).toBe(true);
    expect(safeEqual(token, `${token}x`)).toBe(false);
    expect(safeEqual(token, token.slice(0, -1))).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('', 'a')).toBe(false);
  });
});
