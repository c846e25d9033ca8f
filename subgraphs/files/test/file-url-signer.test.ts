import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFileUrlSigner, type FileGrant } from '../src/urls/file-url-signer.ts';

const signer = createFileUrlSigner('x'.repeat(32));
const grant = (overrides: Partial<FileGrant> = {}): FileGrant => ({
  operation: 'upload',
  fileId: randomUUID(),
  projectId: randomUUID(),
  expiresAt: Math.floor(Date.now() / 1000) + 60,
  ...overrides,
});

describe('signed file URLs', () => {
  it('grant what they were signed for until they expire', () => {
    const signed = grant();
    expect(signer.verify(signer.sign(signed), 'upload')).toEqual({ ok: true, grant: signed });
    expect(signer.verify(signer.sign(signed), 'upload', signed.expiresAt + 1)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse a token used for the other operation', () => {
    expect(signer.verify(signer.sign(grant({ operation: 'download' })), 'upload')).toEqual({ ok: false, reason: 'wrong-operation' });
  });

  it('refuse a token whose payload or signature was changed, or that another secret signed', () => {
    const token = signer.sign(grant());
    const [payload, signature] = token.split('.') as [string, string];
    const otherPayload = signer.sign(grant()).split('.')[0]!;
    expect(signer.verify(`${otherPayload}.${signature}`, 'upload')).toEqual({ ok: false, reason: 'forged' });
    expect(signer.verify(`${payload}.${signature.slice(1)}`, 'upload')).toEqual({ ok: false, reason: 'forged' });
    expect(createFileUrlSigner('y'.repeat(32)).verify(token, 'upload')).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuse what is not a token at all', () => {
    for (const junk of ['', 'abc', 'a.b.c', `${'a'.repeat(600)}.b`]) expect(signer.verify(junk, 'upload')).toEqual({ ok: false, reason: 'malformed' });
  });
});
