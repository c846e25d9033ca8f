import type { RequestContext } from '@fedbase/context';
import { Errors } from '@fedbase/errors';

export type Operation = 'read' | 'create' | 'update' | 'delete';

export type AccessRules = Readonly<Record<Operation, string>>;

/**
 * Without rules a collection is readable and writable by signed-in users, and a document can be
 * changed only by its owner: private by default, useful at once. The secret key bypasses rules.
 */
export const defaultRules: AccessRules = { read: 'authenticated', create: 'authenticated', update: 'owner', delete: 'owner' };

const termPattern = /^(public|authenticated|owner|nobody|role:[a-z][a-z0-9_-]{0,31})$/;

/** Checks each rule (`public`, `authenticated`, `owner`, `role:NAME`, `nobody`, joined by ` or `). */
export function parseRules(input: Partial<Record<Operation, string | null>> | null | undefined): AccessRules {
  const rules = { ...defaultRules };
  for (const operation of ['read', 'create', 'update', 'delete'] as const) {
    const given = input?.[operation];
    if (given === undefined || given === null) continue;
    const terms = given.split(' or ').map((term) => term.trim());
    for (const term of terms) {
      if (!termPattern.test(term)) {
        throw Errors.badUserInput(
          `The ${operation} rule "${given}" has "${term}": use public, authenticated, owner, role:NAME or nobody, joined by " or ".`,
          { field: `rules.${operation}` },
        );
      }
    }
    if (operation === 'create' && terms.includes('owner')) {
      throw Errors.badUserInput('"owner" means nothing for create (the creator becomes the owner): use authenticated.', { field: 'rules.create' });
    }
    rules[operation] = terms.join(' or ');
  }
  return rules;
}

/**
 * Whether the caller may do `operation` on a document owned by `ownerId` (undefined for create).
 * The secret key may do everything: it is the project's server.
 */
export function isAllowed(rule: string, context: RequestContext, ownerId?: string | null): boolean {
  if (context.project?.keyKind === 'secret') return true;
  const user = context.user;
  return rule.split(' or ').some((term) => {
    if (term === 'public') return true;
    if (term === 'authenticated') return user !== null;
    if (term === 'owner') return user !== null && ownerId !== undefined && ownerId === user.id;
    if (term.startsWith('role:')) return user?.roles.includes(term.slice(5)) ?? false;
    return false; // nobody
  });
}

/** FORBIDDEN or UNAUTHENTICATED, whichever tells the caller what would help. */
export function refuse(operation: Operation, collection: string, context: RequestContext): never {
  if (!context.user) throw Errors.unauthenticated(`Sign in to ${operation} documents of "${collection}".`);
  throw Errors.forbidden(`The rules of "${collection}" do not let you ${operation} this document.`);
}
