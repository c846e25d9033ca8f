import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '@fedbase/db';
import { createRateLimiter } from '@fedbase/rate-limit';
import { createLogger } from '@fedbase/telemetry';
import { createTestDatabase } from '@fedbase/testing';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityService, parseIdentityConfig, type IdentityService } from '../src/index.ts';
import { createDevMailboxMailer } from '../src/mail/create-dev-mailbox-mailer.ts';
import { createSecretBox } from '@fedbase/secret-box';
import { createKeyRing } from '../src/tokens/key-ring.ts';

const adminSecret = 'test-admin-secret-that-is-long-enough-0123456789';
const byKey = { kind: 'secret_key', id: 'key-1' } as const;

// The same behaviour on both engines the design promises: PostgreSQL and embedded PGlite.
const engines = [
  {
    name: 'PostgreSQL',
    async open() {
      const testDatabase = await createTestDatabase();
      const db = await openDatabase({ subgraph: 'identity', databaseUrl: testDatabase.url, dataDir: '' });
      return { db, dispose: async () => { await db.close(); await testDatabase.drop(); } };
    },
  },
  {
    name: 'PGlite',
    async open() {
      const dataDir = await mkdtemp(join(tmpdir(), 'fedbase-identity-'));
      const db = await openDatabase({ subgraph: 'identity', dataDir });
      return { db, dispose: async () => { await db.close(); await rm(dataDir, { recursive: true, force: true }); } };
    },
  },
];

describe.each(engines)('the identity service on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let service: IdentityService;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    service = createIdentityService({
      db,
      config: parseIdentityConfig({ ADMIN_SECRET: adminSecret, PASSWORD_HASH_COST: '10' }),
      tokenIssuer: 'fedbase',
      limiter: createRateLimiter({}),
      mailer: createDevMailboxMailer(async (mail) => {
        await db.prisma.mail.create({ data: mail });
      }),
      mailIsLocal: true,
      logger: createLogger({ service: 'identity-test', level: 'silent' }),
    });
  });

  afterAll(async () => {
    await dispose?.();
  });

  it('checks the admin secret in constant time and refuses anything else', () => {
    expect(service.isAdminSecret(adminSecret)).toBe(true);
    expect(service.isAdminSecret(`${adminSecret}x`)).toBe(false);
    expect(service.isAdminSecret(undefined)).toBe(false);
  });

  // Runs before any other test creates a project in this database.
  it('creates a first project only while there is none, once however many starting instances ask at once', async () => {
    const answers = await Promise.all(Array.from({ length: 4 }, () => service.projects.createFirstProject('My project')));
    const created = answers.filter((answer) => answer !== null);
    expect(created).toHaveLength(1);
    expect(created[0]!.secretKey).toMatch(/^fbsk_/);
    expect(await service.projects.createFirstProject('My project')).toBeNull();
    expect(await db.prisma.project.count()).toBe(1);
  });

  it('verifies a project key and stops verifying it once revoked', async () => {
    const { project, secretKey, publishableKey } = await service.projects.createProject('Keys');
    expect(await service.projects.verifyApiKey(publishableKey)).toMatchObject({ projectId: project.id, kind: 'publishable' });
    const { apiKey, key } = await service.projects.createApiKey(project.id, { name: 'ci', kind: 'SECRET', scopes: ['files:write'] }, byKey);
    expect(await service.projects.verifyApiKey(key)).toMatchObject({ kind: 'secret', scopes: ['files:write'] });
    await service.projects.revokeApiKey(project.id, apiKey.id, byKey);
    expect(await service.projects.verifyApiKey(key)).toBeNull();
    // Same visible prefix, different secret part: found by prefix, refused by the hash.
    expect(await service.projects.verifyApiKey(`${secretKey.slice(0, 13)}${'A'.repeat(secretKey.length - 13)}`)).toBeNull();
  });

  it("refuses to revoke another project's key as NOT_FOUND", async () => {
    const mine = await service.projects.createProject('Mine');
    const theirs = await service.projects.createProject('Theirs');
    const { apiKey } = await service.projects.createApiKey(theirs.project.id, { name: 'x', kind: 'PUBLISHABLE' }, byKey);
    await expect(service.projects.revokeApiKey(mine.project.id, apiKey.id, byKey)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets exactly one of 20 concurrent refreshes with one token win, and treats the rest as reuse', async () => {
    const { project } = await service.projects.createProject('Refresh race');
    const session = await service.auth.signUp(project.id, { email: 'race@example.com', password: 'correct horse battery staple' });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => service.auth.refreshSession(project.id, session.refreshToken)));
    const won = results.filter((result) => result.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    // The replays revoked the session, so even the winner's new token is dead.
    const winner = (won[0] as PromiseFulfilledResult<{ refreshToken: string }>).value;
    await expect(service.auth.refreshSession(project.id, winner.refreshToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("refuses a refresh token in another project's requests", async () => {
    const a = await service.projects.createProject('A');
    const b = await service.projects.createProject('B');
    const session = await service.auth.signUp(a.project.id, { email: 'cross@example.com', password: 'correct horse battery staple' });
    await expect(service.auth.refreshSession(b.project.id, session.refreshToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await service.auth.refreshSession(a.project.id, session.refreshToken)).user.id).toBe(session.user.id);
  });

  it('finds many users in one call, in the order asked, only within the project', async () => {
    const { project } = await service.projects.createProject('Users');
    const other = await service.projects.createProject('Other users');
    const ann = await service.auth.signUp(project.id, { email: 'ann@example.com', password: 'correct horse battery staple' });
    const bob = await service.auth.signUp(project.id, { email: 'bob@example.com', password: 'correct horse battery staple' });
    const eve = await service.auth.signUp(other.project.id, { email: 'eve@example.com', password: 'correct horse battery staple' });
    const found = await service.accounts.findUsers(project.id, [bob.user.id, 'not-a-uuid', eve.user.id, ann.user.id]);
    expect(found.map((user) => user?.email ?? null)).toEqual(['bob@example.com', null, null, 'ann@example.com']);
  });

  it('writes each privileged action to the outbox as an audit event, with actor and target and no key', async () => {
    const { project } = await service.projects.createProject('Audited');
    const { apiKey, key } = await service.projects.createApiKey(project.id, { name: 'ci', kind: 'SECRET', scopes: ['files:write'] }, byKey);
    await service.projects.revokeApiKey(project.id, apiKey.id, byKey);
    await service.projects.revokeApiKey(project.id, apiKey.id, byKey); // already revoked: no change, no entry
    await service.keyRing.rotate(project.id, byKey);
    const { user } = await service.auth.signUp(project.id, { email: 'roles@example.com', password: 'correct horse battery staple' });
    await service.accounts.setUserRoles(project.id, { userId: user.id, roles: ['editor'] }, byKey);
    const rows = await db.prisma.identityOutbox.findMany({ where: { projectId: project.id, topic: { startsWith: 'audit.' } }, orderBy: { id: 'asc' } });
    expect(rows.map((row) => row.topic)).toEqual([
      'audit.identity.project.created',
      'audit.identity.api_key.created',
      'audit.identity.api_key.revoked',
      'audit.identity.signing_key.rotated',
      'audit.identity.user.roles_changed',
    ]);
    expect(rows[0]?.payload).toEqual({ actor: { kind: 'admin', id: null }, target: { type: 'project', id: project.id }, details: { name: 'Audited' } });
    expect(rows[1]?.payload).toEqual({ actor: byKey, target: { type: 'api_key', id: apiKey.id }, details: { name: 'ci', kind: 'SECRET', scopes: ['files:write'] } });
    expect(rows[4]?.payload).toEqual({ actor: byKey, target: { type: 'user', id: user.id }, details: { roles: ['editor'], previousRoles: [] } });
    expect(JSON.stringify(rows.map((row) => row.payload))).not.toContain(key.slice(10));
  });

  it('stores passwords as scrypt hashes, never in clear', async () => {
    const { project } = await service.projects.createProject('Hashes');
    const { user } = await service.auth.signUp(project.id, { email: 'hash@example.com', password: 'correct horse battery staple' });
    const row = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$10\$/);
    expect(row.passwordHash).not.toContain('correct horse');
  });

  describe('the key ring', () => {
    it('signs with one key per project until rotated, and publishes old and new', async () => {
      const { project } = await service.projects.createProject('Ring');
      const first = await service.keyRing.currentKey(project.id);
      expect((await service.keyRing.currentKey(project.id)).kid).toBe(first.kid);
      await service.keyRing.rotate(project.id, byKey);
      const second = await service.keyRing.currentKey(project.id);
      expect(second.kid).not.toBe(first.kid);
      const kids = (await service.keyRing.jwks()).keys.map((key) => key.kid);
      expect(kids).toEqual(expect.arrayContaining([first.kid, second.kid]));
    });

    it('drops a retired key from the JWKS once its grace period is over', async () => {
      const ring = createKeyRing({ db, secretBox: createSecretBox(adminSecret, 'signing-keys'), retiredKeyGraceSeconds: 0, cacheSeconds: 0 });
      const { project } = await service.projects.createProject('Short grace');
      const old = await ring.currentKey(project.id);
      await ring.rotate(project.id, byKey);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const kids = (await ring.jwks()).keys.map((key) => key.kid);
      expect(kids).not.toContain(old.kid);
      expect(kids).toContain((await ring.currentKey(project.id)).kid);
    });

    it('cannot open the sealed keys with another secret', async () => {
      const { project } = await service.projects.createProject('Sealed');
      await service.keyRing.currentKey(project.id);
      const ring = createKeyRing({ db, secretBox: createSecretBox('another-secret-that-is-long-enough-0123456789', 'signing-keys'), retiredKeyGraceSeconds: 60 });
      await expect(ring.currentKey(project.id)).rejects.toThrow(/cannot decrypt/);
    });

    it('issues access tokens whose kid is the current key', async () => {
      const { project } = await service.projects.createProject('Kid');
      const session = await service.auth.signInAnonymously(project.id, {});
      expect(decodeProtectedHeader(session.accessToken)).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt', kid: (await service.keyRing.currentKey(project.id)).kid });
    });
  });
});
