import { randomBytes } from 'node:crypto';
import type { Database } from '@fedbase/db';
import { signingAlgorithm, type AuditActor } from '@fedbase/context';
import type { Prisma } from '@fedbase/prisma';
import { errors as joseErrors, exportJWK, exportPKCS8, generateKeyPair, importJWK, importPKCS8, type CryptoKey, type JWK, type JWTVerifyGetKey } from 'jose';
import type { SecretBox } from '@fedbase/secret-box';
import { writeAudit } from '../audit.ts';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
}

export interface KeyRing {
  /** The project's current signing key, created on first use. */
  currentKey(projectId: string): Promise<SigningKey>;
  /** Starts signing with a new key; the old one stays published until its tokens have expired. Audited. */
  rotate(projectId: string, actor: AuditActor): Promise<void>;
  /** The public keys to publish at /.well-known/jwks.json: current ones and those still in their grace period. */
  jwks(): Promise<{ keys: JWK[] }>;
  /** Verification keys straight from the ring, for identity's own requests (no HTTP to itself). */
  getKey: JWTVerifyGetKey;
}

export interface KeyRingOptions {
  db: Database;
  /** Seals private keys at rest. */
  secretBox: SecretBox;
  /** How long a retired key stays published: the longest-lived token it may have signed, plus slack. */
  retiredKeyGraceSeconds: number;
  /** How long an instance keeps using the key it loaded: other instances see a rotation this late. */
  cacheSeconds?: number;
}

/**
 * Each project's token signing keys (Ed25519), kept in the database so every identity instance
 * signs with the same ring and a restart does not sign everyone out. Private keys are sealed with
 * a key derived from KEY_ENCRYPTION_SECRET (or ADMIN_SECRET).
 */
export function createKeyRing({ db, secretBox, retiredKeyGraceSeconds, cacheSeconds = 30 }: KeyRingOptions): KeyRing {
  const current = new Map<string, { key: Promise<SigningKey>; loadedAt: number }>();
  const publicKeys = new Map<string, Promise<CryptoKey | null>>();
  // Grace counts from retirement; an instance that has not yet noticed a rotation may sign with
  // the old key for cacheSeconds more, so those tokens must verify too.
  const graceMs = (retiredKeyGraceSeconds + cacheSeconds) * 1000;

  /** A new key pair and the row that stores it; the caller inserts the row. */
  const generateKey = async (projectId: string) => {
    const { publicKey, privateKey } = await generateKeyPair(signingAlgorithm, { crv: 'Ed25519', extractable: true });
    const kid = randomBytes(12).toString('base64url');
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: signingAlgorithm, use: 'sig' };
    const row = { kid, projectId, alg: signingAlgorithm, publicJwk, sealedPrivate: secretBox.seal(await exportPKCS8(privateKey)) } satisfies Prisma.SigningKeyUncheckedCreateInput;
    return { key: { kid, privateKey } satisfies SigningKey, row };
  };

  const createKey = async (projectId: string): Promise<SigningKey> => {
    const { key, row } = await generateKey(projectId);
    await db.prisma.signingKey.create({ data: row });
    return key;
  };

  const loadCurrent = async (projectId: string): Promise<SigningKey> => {
    const row = await db.prisma.signingKey.findFirst({
      where: { projectId, retiredAt: null },
      orderBy: { createdAt: 'desc' },
    });
    if (!row) return createKey(projectId);
    return { kid: row.kid, privateKey: await importPKCS8(secretBox.open(row.sealedPrivate), signingAlgorithm) };
  };

  const loadPublic = async (kid: string): Promise<CryptoKey | null> => {
    const row = await db.prisma.signingKey.findUnique({ where: { kid } });
    if (!row || (row.retiredAt && row.retiredAt.getTime() + graceMs < Date.now())) return null;
    return (await importJWK(row.publicJwk as JWK, signingAlgorithm)) as CryptoKey;
  };

  return {
    currentKey(projectId) {
      const cached = current.get(projectId);
      if (cached && Date.now() - cached.loadedAt < cacheSeconds * 1000) return cached.key;
      const key = loadCurrent(projectId);
      current.set(projectId, { key, loadedAt: Date.now() });
      key.catch(() => current.delete(projectId));
      return key;
    },
    async rotate(projectId, actor) {
      const { key, row } = await generateKey(projectId);
      // Retiring, creating and auditing commit together: no moment without a current key, no rotation unlogged.
      await db.prisma.$transaction(async (tx) => {
        await tx.signingKey.updateMany({ where: { projectId, retiredAt: null }, data: { retiredAt: new Date() } });
        await tx.signingKey.create({ data: row });
        await writeAudit(tx, { projectId, action: 'signing_key.rotated', actor, target: { type: 'signing_key', id: key.kid }, details: {} });
      });
      current.set(projectId, { key: Promise.resolve(key), loadedAt: Date.now() });
    },
    async jwks() {
      const rows = await db.prisma.signingKey.findMany({
        where: { OR: [{ retiredAt: null }, { retiredAt: { gt: new Date(Date.now() - graceMs) } }] },
        orderBy: { createdAt: 'asc' },
        select: { publicJwk: true },
      });
      return { keys: rows.map((row) => row.publicJwk as JWK) };
    },
    async getKey(header) {
      if (header.alg !== signingAlgorithm || typeof header.kid !== 'string') {
        throw new joseErrors.JOSENotSupported('unsupported token header');
      }
      let key = publicKeys.get(header.kid);
      if (!key) {
        key = loadPublic(header.kid);
        publicKeys.set(header.kid, key);
        if (publicKeys.size > 10_000) publicKeys.delete(publicKeys.keys().next().value as string);
      }
      const found = await key;
      if (!found) {
        publicKeys.delete(header.kid); // not cached: the kid may be created by another instance any moment
        throw new joseErrors.JWKSNoMatchingKey();
      }
      return found;
    },
  };
}
