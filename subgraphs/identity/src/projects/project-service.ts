import { adminActor, type AuditActor, type KeyKind } from '@fedbase/context';
import type { Database } from '@fedbase/db';
import { isUuid } from '@fedbase/db';
import { Errors } from '@fedbase/errors';
import type { ApiKey, ApiKeyKind, Project } from '@fedbase/prisma';
import { writeAudit } from '../audit.ts';
import { safeEqual, hashToken } from '../security/opaque-token.ts';
import type { IssuedToken, TokenIssuer } from '../tokens/token-issuer.ts';
import type { KeyRing } from '../tokens/key-ring.ts';
import { apiKeyPrefix, createApiKeyValue, looksLikeApiKey } from './api-key-format.ts';

export interface ProjectKeys {
  project: Project;
  publishableKey: string;
  secretKey: string;
}

export interface VerifiedApiKey {
  apiKeyId: string;
  projectId: string;
  kind: KeyKind;
  scopes: string[];
}

export interface ProjectService {
  /** Creates a project with its two keys (shown once) and its first signing key; the operator's act. */
  createProject(name: string): Promise<ProjectKeys>;
  /**
   * Creates a project only when there is none yet, or returns null: how `npm start` bootstraps a
   * fresh backend. Instances starting at once on one database create one project between them.
   */
  createFirstProject(name: string): Promise<ProjectKeys | null>;
  getProject(projectId: string): Promise<Project>;
  /** The key's project, kind and scopes; null for an unknown or revoked key. */
  verifyApiKey(key: string): Promise<VerifiedApiKey | null>;
  /** A short-lived signed statement of what the key names, for the gateway to forward. */
  exchangeApiKey(key: string): Promise<(VerifiedApiKey & IssuedToken) | null>;
  createApiKey(projectId: string, input: { name: string; kind: ApiKeyKind; scopes?: readonly string[] | null }, actor: AuditActor): Promise<{ apiKey: ApiKey; key: string }>;
  revokeApiKey(projectId: string, id: string, actor: AuditActor): Promise<boolean>;
  listApiKeys(projectId: string): Promise<ApiKey[]>;
}

const scopePattern = /^(\*|[a-z][a-z0-9_.-]{0,31}(:[a-z0-9_.*-]{1,32})?)$/;
/** Scopes that must never ship inside an app. */
const secretOnlyScopes = new Set(['*', 'project:admin']);

export function createProjectService({ db, keyRing, tokens }: { db: Database; keyRing: KeyRing; tokens: TokenIssuer }): ProjectService {
  const kindOf = (kind: ApiKeyKind): KeyKind => (kind === 'SECRET' ? 'secret' : 'publishable');

  const insertProject = async (name: string, { onlyIfFirst }: { onlyIfFirst: boolean }): Promise<ProjectKeys | null> => {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) throw Errors.badUserInput('Give the project a name of 1 to 100 characters.', { field: 'name' });
    const publishable = createApiKeyValue('PUBLISHABLE');
    const secret = createApiKeyValue('SECRET');
    const project = await db.prisma.$transaction(async (tx) => {
      if (onlyIfFirst) {
        // Serializes the check and the insert across processes (PGlite serves one process already).
        if (db.kind === 'postgres') await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('fedbase-identity:first-project'))`);
        if ((await tx.project.count()) > 0) return null;
      }
      const created = await tx.project.create({ data: { name: trimmed } });
      await tx.apiKey.createMany({
        data: [
          { projectId: created.id, name: 'Default publishable key', kind: 'PUBLISHABLE', prefix: publishable.prefix, keyHash: publishable.keyHash, scopes: [] },
          { projectId: created.id, name: 'Default secret key', kind: 'SECRET', prefix: secret.prefix, keyHash: secret.keyHash, scopes: [] },
        ],
      });
      await writeAudit(tx, { projectId: created.id, action: 'project.created', actor: adminActor, target: { type: 'project', id: created.id }, details: { name: trimmed } });
      return created;
    });
    if (!project) return null;
    await keyRing.currentKey(project.id);
    return { project, publishableKey: publishable.key, secretKey: secret.key };
  };

  const service: ProjectService = {
    createProject: (name) => insertProject(name, { onlyIfFirst: false }) as Promise<ProjectKeys>,
    createFirstProject: (name) => insertProject(name, { onlyIfFirst: true }),

    async getProject(projectId) {
      const project = await db.prisma.project.findUnique({ where: { id: projectId } });
      if (!project) throw Errors.unauthenticated('The project of this key no longer exists.');
      return project;
    },

    async verifyApiKey(key) {
      if (!looksLikeApiKey(key)) return null;
      const row = await db.prisma.apiKey.findUnique({ where: { prefix: apiKeyPrefix(key) } });
      if (!row || row.revokedAt || !safeEqual(row.keyHash, hashToken(key))) return null;
      return { apiKeyId: row.id, projectId: row.projectId, kind: kindOf(row.kind), scopes: row.scopes };
    },

    async exchangeApiKey(key) {
      const verified = await service.verifyApiKey(key);
      if (!verified) return null;
      const issued = await tokens.issueProjectToken({ projectId: verified.projectId, apiKeyId: verified.apiKeyId, kind: verified.kind, scopes: verified.scopes });
      return { ...verified, ...issued };
    },

    async createApiKey(projectId, { name, kind, scopes }, actor) {
      const trimmed = name.trim();
      if (!trimmed || trimmed.length > 100) throw Errors.badUserInput('Give the key a name of 1 to 100 characters.', { field: 'name' });
      const list = [...new Set(scopes ?? [])];
      if (list.length > 32) throw Errors.badUserInput('A key has at most 32 scopes.', { field: 'scopes' });
      for (const scope of list) {
        if (!scopePattern.test(scope)) {
          throw Errors.badUserInput(`"${scope}" is not a scope: use lower-case words like "files:write", or "*".`, { field: 'scopes' });
        }
        if (kind === 'PUBLISHABLE' && secretOnlyScopes.has(scope)) {
          throw Errors.badUserInput(`A publishable key ships inside apps, so it cannot have the scope "${scope}"; create a SECRET key.`, { field: 'scopes' });
        }
      }
      const value = createApiKeyValue(kind);
      const apiKey = await db.prisma.$transaction(async (tx) => {
        const created = await tx.apiKey.create({ data: { projectId, name: trimmed, kind, prefix: value.prefix, keyHash: value.keyHash, scopes: list } });
        await writeAudit(tx, { projectId, action: 'api_key.created', actor, target: { type: 'api_key', id: created.id }, details: { name: trimmed, kind, scopes: list } });
        return created;
      });
      return { apiKey, key: value.key };
    },

    async revokeApiKey(projectId, id, actor) {
      if (!isUuid(id)) throw Errors.notFound(`API key ${id}`);
      await db.prisma.$transaction(async (tx) => {
        const { count } = await tx.apiKey.updateMany({ where: { id, projectId, revokedAt: null }, data: { revokedAt: new Date() } });
        if (count === 1) {
          await writeAudit(tx, { projectId, action: 'api_key.revoked', actor, target: { type: 'api_key', id }, details: {} });
          return;
        }
        // Already revoked: nothing changed, so nothing to audit.
        const exists = await tx.apiKey.findFirst({ where: { id, projectId }, select: { id: true } });
        if (!exists) throw Errors.notFound(`API key ${id}`);
      });
      return true;
    },

    listApiKeys(projectId) {
      return db.prisma.apiKey.findMany({ where: { projectId }, orderBy: { createdAt: 'asc' } });
    },
  };
  return service;
}
