import { describe, expect, it } from 'vitest';
import { hashToken } from '../../src/security/opaque-token.ts';
import { createRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from '../../src/security/recovery-codes.ts';

describe('recovery codes', () => {
  it('creates 10 distinct xxxxx-xxxxx codes without 0, o, 1 or l', () => {
    const codes = createRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-km-np-z2-9]{5}-[a-km-np-z2-9]{5}$/);
  });

  it('uses all 32 symbols, so each code carries 50 bits', () => {
    const symbols = new Set(createRecoveryCodes(100).join('').replaceAll('-', ''));
    expect(symbols.size).toBe(32);
  });

  it('normalises loosely typed input to the issued form', () => {
    const [code = ''] = createRecoveryCodes(1);
    const loose = ` ${code.replace('-', '').toUpperCase().replace(/(.{3})/g, '$1 ')} `;
    expect(normalizeRecoveryCode(loose)).toBe(code);
    expect(normalizeRecoveryCode(code)).toBe(code);
    expect(hashRecoveryCode(loose)).toBe(hashToken(code));
  });

  it('leaves input of the wrong length ungrouped so it matches no code', () => {
    expect(normalizeRecoveryCode('abcde-fghj')).toBe('abcdefghj');
    expect(normalizeRecoveryCode('abcde-fghjkm')).toBe('abcdefghjkm');
  });
});
