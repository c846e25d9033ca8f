import type { RequestContext } from './request-context.ts';

/** Who did a privileged action, as the audit log records it. */
export interface AuditActor {
  readonly kind: 'secret_key' | 'admin' | 'user';
  /** The API key's id, the user's id; null for the operator (ADMIN_SECRET names no one). */
  readonly id: string | null;
}

/** The operator, acting with the deployment's `x-admin-secret` (createProject). */
export const adminActor: AuditActor = Object.freeze({ kind: 'admin', id: null });

/**
 * The verified caller as an audit actor: the secret key that authorised the action (privileged
 * operations need it), else the signed-in user. Built only from verified credentials, so an entry
 * never names someone a header merely claimed to be.
 */
export function auditActor(context: RequestContext): AuditActor {
  if (context.project?.keyKind === 'secret') return { kind: 'secret_key', id: context.project.apiKeyId };
  if (context.user) return { kind: 'user', id: context.user.id };
  throw new Error('an audited action ran without a secret key or a signed-in user');
}
