import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** What a signed file URL grants: one operation on one file of one project, until `expiresAt`. */
export interface FileGrant {
  operation: 'upload' | 'download';
  fileId: string;
  projectId: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export type GrantCheck = { ok: true; grant: FileGrant } | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'wrong-operation' };

export interface FileUrlSigner {
  sign(grant: FileGrant): string;
  verify(token: string, operation: FileGrant['operation'], now?: number): GrantCheck;
}

const operationCodes = { upload: 'u', download: 'd' } as const;

/**
 * Tokens of signed upload and download URLs: `<payload>.<HMAC-SHA256 of payload>`, base64url. The
 * key is derived from the operator's secret for this purpose only; the MAC is compared in
 * constant time; the payload says which operation it is for, so a download token cannot upload.
 * Single use of an upload token is the file row's business (it becomes READY once).
 */
export function createFileUrlSigner(secret: string): FileUrlSigner {
  const key = Buffer.from(hkdfSync('sha256', secret, 'fedbase', 'file-urls', 32));
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest();

  return {
    sign({ operation, fileId, projectId, expiresAt }) {
      const payload = Buffer.from(JSON.stringify([operationCodes[operation], fileId, projectId, expiresAt])).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token, operation, now = Date.now() / 1000) {
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined || token.length > 512) return { ok: false, reason: 'malformed' };
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
      const [code, fileId, projectId, expiresAt] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [string, string, string, number];
      if (code !== operationCodes[operation]) return { ok: false, reason: 'wrong-operation' };
      if (!(expiresAt > now)) return { ok: false, reason: 'expired' };
      return { ok: true, grant: { operation, fileId, projectId, expiresAt } };
    },
  };
}
