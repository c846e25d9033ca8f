import { auditActor, requireProject, requireSecretKey, requireUser, type RequestContext } from '@fedbase/context';
import { Errors } from '@fedbase/errors';
import type { ApiKey, Session, User } from '@fedbase/prisma';
import type { SubgraphResolvers } from '@fedbase/subgraph-server';
import DataLoader from 'dataloader';
import type { IdentityService } from './service.ts';

/**
 * Thin: read the verified caller from the context, call a service, shape the result. Access rules
 * that the SDL states (@authenticated, @requiresScopes) are enforced before these run.
 */
export function createIdentityResolvers(service: IdentityService): SubgraphResolvers {
  // One loader per request: every User reference in one `_entities` call becomes ONE query.
  const loaders = new WeakMap<RequestContext, DataLoader<string, User | null>>();
  const userLoader = (context: RequestContext) => {
    let loader = loaders.get(context);
    if (!loader) {
      const projectId = requireProject(context).id;
      loader = new DataLoader((ids: readonly string[]) => service.accounts.findUsers(projectId, ids), { maxBatchSize: 500 });
      loaders.set(context, loader);
    }
    return loader;
  };

  return {
    Query: {
      me: (_: unknown, __: unknown, context: RequestContext) => service.accounts.getUser(requireProject(context).id, requireUser(context).id),
      sessions: async (_: unknown, __: unknown, context: RequestContext) => {
        const user = requireUser(context);
        const sessions = await service.auth.listSessions(requireProject(context).id, user.id);
        return sessions.map((session: Session) => ({ ...session, current: session.id === user.sessionId }));
      },
      currentSession: async (_: unknown, __: unknown, context: RequestContext) => {
        const user = requireUser(context);
        const sessions = await service.auth.listSessions(requireProject(context).id, user.id);
        const session = sessions.find((candidate: Session) => candidate.id === user.sessionId);
        return session ? { ...session, current: true } : null;
      },
      apiKeys: (_: unknown, __: unknown, context: RequestContext) => service.projects.listApiKeys(requireSecretKey(context).id),
      project: (_: unknown, __: unknown, context: RequestContext) => service.projects.getProject(requireProject(context).id),
      devMailbox: (_: unknown, __: unknown, context: RequestContext) => service.accounts.devMailbox(requireSecretKey(context).id),
    },
    Mutation: {
      createProject: (_: unknown, { name }: { name: string }, context: RequestContext) => {
        if (!service.isAdminSecret(context.adminSecret ?? undefined)) {
          throw Errors.unauthenticated('Creating a project needs the operator secret in the x-admin-secret header (ADMIN_SECRET).');
        }
        return service.projects.createProject(name);
      },
      signUp: (_: unknown, args: { email: string; password: string }, context: RequestContext) =>
        service.auth.signUp(requireProject(context).id, { ...args, userAgent: context.userAgent ?? undefined }),
      signIn: (_: unknown, args: { email: string; password: string; totpCode?: string | null }, context: RequestContext) =>
        service.auth.signIn(requireProject(context).id, { ...args, userAgent: context.userAgent ?? undefined }),
      signInAnonymously: (_: unknown, __: unknown, context: RequestContext) =>
        service.auth.signInAnonymously(requireProject(context).id, { userAgent: context.userAgent ?? undefined }),
      refreshSession: (_: unknown, { refreshToken }: { refreshToken: string }, context: RequestContext) =>
        service.auth.refreshSession(requireProject(context).id, refreshToken),
      signOut: (_: unknown, __: unknown, context: RequestContext) => {
        const user = requireUser(context);
        return service.auth.revokeSession(requireProject(context).id, user.sessionId, { user, secretKey: false });
      },
      revokeSession: (_: unknown, { id }: { id: string }, context: RequestContext) => {
        const project = requireProject(context);
        return service.auth.revokeSession(project.id, id, { user: context.user, secretKey: project.keyKind === 'secret' });
      },
      requestPasswordReset: (_: unknown, { email }: { email: string }, context: RequestContext) =>
        service.accounts.requestPasswordReset(requireProject(context).id, email),
      resetPassword: (_: unknown, { token, newPassword }: { token: string; newPassword: string }, context: RequestContext) =>
        service.accounts.resetPassword(requireProject(context).id, token, newPassword),
      requestEmailVerification: (_: unknown, __: unknown, context: RequestContext) =>
        service.accounts.requestEmailVerification(requireProject(context).id, requireUser(context).id),
      verifyEmail: (_: unknown, { token }: { token: string }, context: RequestContext) =>
        service.accounts.verifyEmail(requireProject(context).id, token),
      enrollTotp: async (_: unknown, __: unknown, context: RequestContext) => {
        const project = await service.projects.getProject(requireProject(context).id);
        return service.secondFactor.enroll(project.id, requireUser(context).id, project.name);
      },
      confirmTotp: (_: unknown, { code }: { code: string }, context: RequestContext) =>
        service.secondFactor.confirm(requireProject(context).id, requireUser(context).id, code),
      createApiKey: (_: unknown, args: { name: string; kind: 'PUBLISHABLE' | 'SECRET'; scopes?: string[] | null }, context: RequestContext) =>
        service.projects.createApiKey(requireSecretKey(context).id, args, auditActor(context)),
      revokeApiKey: (_: unknown, { id }: { id: string }, context: RequestContext) =>
        service.projects.revokeApiKey(requireSecretKey(context).id, id, auditActor(context)),
      setUserRoles: (_: unknown, args: { userId: string; roles: string[] }, context: RequestContext) =>
        service.accounts.setUserRoles(requireSecretKey(context).id, args, auditActor(context)),
      rotateSigningKey: async (_: unknown, __: unknown, context: RequestContext) => {
        await service.keyRing.rotate(requireSecretKey(context).id, auditActor(context));
        return true;
      },
    },
    User: {
      __resolveReference: (reference: { id: string }, context: RequestContext) => userLoader(context).load(reference.id),
    },
    ApiKey: {
      scopes: (key: ApiKey) => key.scopes,
    },
  };
}
