import { Errors } from '@fedbase/errors';
import type { ProjectCaller, RequestContext, UserCaller } from './request-context.ts';

/** The caller's project, or UNAUTHENTICATED: nothing in Fedbase happens outside a project. */
export function requireProject(context: RequestContext): ProjectCaller {
  if (!context.project) throw Errors.unauthenticated();
  return context.project;
}

/** The caller's project when it was named by a secret key, or FORBIDDEN. */
export function requireSecretKey(context: RequestContext): ProjectCaller {
  const project = requireProject(context);
  if (project.keyKind !== 'secret') throw Errors.forbidden('This operation needs the secret key in x-api-key.');
  return project;
}

/** The signed-in user, or UNAUTHENTICATED. */
export function requireUser(context: RequestContext): UserCaller {
  requireProject(context);
  if (!context.user) throw Errors.unauthenticated('Sign in first and send the access token as `authorization: Bearer <token>`.');
  return context.user;
}

/**
 * Whether the caller's key grants `scope`: a secret key without scopes grants all of them, any
 * other key exactly the ones it was created with (`*` meaning all).
 */
export function hasScope(project: ProjectCaller, scope: string): boolean {
  if (project.keyKind === 'secret' && project.scopes.length === 0) return true;
  return project.scopes.includes('*') || project.scopes.includes(scope);
}
