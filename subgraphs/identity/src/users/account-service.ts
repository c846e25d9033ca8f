import type { AuditActor } from '@fedbase/context';
import type { Database } from '@fedbase/db';
import { isUuid } from '@fedbase/db';
import { Errors } from '@fedbase/errors';
import type { Mail, OneTimeTokenPurpose, User } from '@fedbase/prisma';
import type { Logger } from '@fedbase/telemetry';
import { writeAudit } from '../audit.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { PasswordHasher } from '../security/hash-password.ts';
import { createOpaqueToken, hashToken } from '../security/opaque-token.ts';
import { checkPassword } from '../security/password-policy.ts';
import type { AttemptLimiter } from './attempt-limiter.ts';
import type { AuthService } from './auth-service.ts';
import { normalizeEmail } from './email-address.ts';

export interface AccountService {
  getUser(projectId: string, userId: string): Promise<User>;
  /** Users by id, in one query, in the order asked (null where none): the `_entities` batch. */
  findUsers(projectId: string, ids: readonly string[]): Promise<(User | null)[]>;
  setUserRoles(projectId: string, input: { userId: string; roles: readonly string[] }, actor: AuditActor): Promise<User>;
  /** Mails a reset link when the account exists; answers the same either way. */
  requestPasswordReset(projectId: string, email: string): Promise<true>;
  resetPassword(projectId: string, token: string, newPassword: string): Promise<true>;
  requestEmailVerification(projectId: string, userId: string): Promise<true>;
  verifyEmail(projectId: string, token: string): Promise<true>;
  devMailbox(projectId: string): Promise<Mail[]>;
}

export interface AccountServiceOptions {
  db: Database;
  hasher: PasswordHasher;
  auth: AuthService;
  attempts: AttemptLimiter;
  mailer: Mailer;
  /** Whether mail is sent for real (SMTP) or kept in the dev mailbox. */
  mailIsLocal: boolean;
  publicAppUrl: string;
  logger: Logger;
}

const rolePattern = /^[a-z][a-z0-9_-]{0,31}$/;
const tokenLifetimeMs: Record<OneTimeTokenPurpose, number> = { RESET_PASSWORD: 60 * 60_000, VERIFY_EMAIL: 24 * 60 * 60_000 };
const invalidLink = (what: string) => Errors.badUserInput(`The ${what} link is invalid, used or expired; ask for a new one.`, { field: 'token' });

export function createAccountService({ db, hasher, auth, attempts, mailer, mailIsLocal, publicAppUrl, logger }: AccountServiceOptions): AccountService {
  const issueLinkToken = async (user: User, purpose: OneTimeTokenPurpose) => {
    const token = createOpaqueToken('fbot_');
    await db.prisma.oneTimeToken.create({
      data: { projectId: user.projectId, userId: user.id, purpose, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + tokenLifetimeMs[purpose]) },
    });
    return token;
  };

  /**
   * SMTP can take seconds and would tell an observer that the account exists: real mail is sent in
   * the background. The dev mailbox is one insert, awaited so tests and the explorer see it at once.
   */
  const send = async (projectId: string, to: string, subject: string, text: string) => {
    const sending = mailer.send({ projectId, to, subject, text });
    if (mailIsLocal) return sending;
    sending.catch((error: unknown) => logger.error({ err: error, projectId }, 'sending mail failed'));
  };

  /** Spends a link token: exactly one caller gets the user id, later ones get nothing. */
  const spendLinkToken = async (projectId: string, token: string, purpose: OneTimeTokenPurpose): Promise<string | null> => {
    if (!/^fbot_[\w-]{20,100}$/.test(token)) return null;
    const row = await db.prisma.oneTimeToken.findUnique({ where: { tokenHash: hashToken(token) } });
    if (!row || row.projectId !== projectId || row.purpose !== purpose) return null;
    const { count } = await db.prisma.oneTimeToken.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    return count === 1 ? row.userId : null;
  };

  const service: AccountService = {
    async getUser(projectId, userId) {
      const user = await db.prisma.user.findFirst({ where: { id: userId, projectId } });
      if (!user) throw Errors.unauthenticated('The signed-in user no longer exists; sign in again.');
      return user;
    },

    async findUsers(projectId, ids) {
      const valid = ids.filter(isUuid);
      const rows = valid.length ? await db.prisma.user.findMany({ where: { projectId, id: { in: valid } } }) : [];
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    },

    async setUserRoles(projectId, { userId, roles }, actor) {
      const list = [...new Set(roles)];
      for (const role of list) {
        if (!rolePattern.test(role)) throw Errors.badUserInput(`"${role}" is not a role name: use lower-case letters, digits, - and _ (up to 32).`, { field: 'roles' });
      }
      if (list.length > 32) throw Errors.badUserInput('A user has at most 32 roles.', { field: 'roles' });
      if (!isUuid(userId)) throw Errors.notFound(`User ${userId}`);
      return db.prisma.$transaction(async (tx) => {
        const before = await tx.user.findFirst({ where: { id: userId, projectId }, select: { roles: true } });
        if (!before) throw Errors.notFound(`User ${userId}`);
        const user = await tx.user.update({ where: { id: userId }, data: { roles: list } });
        const details = { roles: list, previousRoles: before.roles };
        await writeAudit(tx, { projectId, action: 'user.roles_changed', actor, target: { type: 'user', id: userId }, details });
        return user;
      });
    },

    async requestPasswordReset(projectId, email) {
      const address = normalizeEmail(email);
      await attempts.attempt('password-reset', projectId, address);
      const user = await db.prisma.user.findUnique({ where: { projectId_email: { projectId, email: address } } });
      if (user?.email && user.passwordHash) {
        const token = await issueLinkToken(user, 'RESET_PASSWORD');
        await send(projectId, user.email, 'Reset your password',
          `Someone asked to reset the password of ${user.email}.\n\nTo choose a new one, open ${publicAppUrl}/reset-password?token=${token}\n\nThe link works once, for one hour. If it was not you, ignore this mail.\nToken: ${token}\n`);
      }
      return true;
    },

    async resetPassword(projectId, token, newPassword) {
      const problem = checkPassword(newPassword);
      if (problem) throw Errors.badUserInput(problem, { field: 'newPassword' });
      const userId = await spendLinkToken(projectId, token, 'RESET_PASSWORD');
      if (!userId) throw invalidLink('reset');
      const passwordHash = await hasher.hash(newPassword);
      await db.prisma.$transaction(async (tx) => {
        await tx.user.update({ where: { id: userId }, data: { passwordHash } });
        // Whoever knew the old password is signed out everywhere.
        await auth.revokeAllSessions(tx, projectId, userId, 'password-reset');
      });
      return true;
    },

    async requestEmailVerification(projectId, userId) {
      const user = await service.getUser(projectId, userId);
      if (!user.email) throw Errors.badUserInput('This user has no email address to verify: sign up with an email first.');
      if (user.emailVerified) return true;
      const token = await issueLinkToken(user, 'VERIFY_EMAIL');
      await send(projectId, user.email, 'Confirm your email address',
        `Confirm that ${user.email} is yours: open ${publicAppUrl}/verify-email?token=${token}\n\nThe link works once, for 24 hours.\nToken: ${token}\n`);
      return true;
    },

    async verifyEmail(projectId, token) {
      const userId = await spendLinkToken(projectId, token, 'VERIFY_EMAIL');
      if (!userId) throw invalidLink('verification');
      await db.prisma.user.update({ where: { id: userId }, data: { emailVerified: true } });
      return true;
    },

    devMailbox(projectId) {
      return db.prisma.mail.findMany({ where: { projectId }, orderBy: { createdAt: 'desc' }, take: 100 });
    },
  };
  return service;
}
