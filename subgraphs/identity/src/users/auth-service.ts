import type { UserCaller } from '@fedbase/context';
import type { Database } from '@fedbase/db';
import { isUuid } from '@fedbase/db';
import { Errors } from '@fedbase/errors';
import type { Prisma, Session, User } from '@fedbase/prisma';
import { writeOutbox } from '../outbox.ts';
import type { PasswordHasher } from '../security/hash-password.ts';
import { createOpaqueToken, hashToken } from '../security/opaque-token.ts';
import { checkPassword } from '../security/password-policy.ts';
import type { TokenIssuer } from '../tokens/token-issuer.ts';
import type { AttemptLimiter } from './attempt-limiter.ts';
import { normalizeEmail, parseEmail } from './email-address.ts';
import type { SecondFactor } from './second-factor.ts';

export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

export interface SignInInput {
  email: string;
  password: string;
  totpCode?: string | null;
  userAgent?: string | undefined;
}

export interface AuthService {
  signUp(projectId: string, input: { email: string; password: string; userAgent?: string | undefined }): Promise<AuthPayload>;
  signIn(projectId: string, input: SignInInput): Promise<AuthPayload>;
  signInAnonymously(projectId: string, input: { userAgent?: string | undefined }): Promise<AuthPayload>;
  /** Spends the refresh token and returns a new pair; a spent token revokes its whole session. */
  refreshSession(projectId: string, refreshToken: string): Promise<AuthPayload>;
  revokeSession(projectId: string, sessionId: string, by: { user: UserCaller | null; secretKey: boolean }): Promise<boolean>;
  listSessions(projectId: string, userId: string): Promise<Session[]>;
  /** Revokes every session of a user, e.g. after a password reset. Runs inside the caller's transaction. */
  revokeAllSessions(tx: Prisma.TransactionClient, projectId: string, userId: string, reason: string): Promise<void>;
}

export interface AuthServiceOptions {
  db: Database;
  hasher: PasswordHasher;
  tokens: TokenIssuer;
  attempts: AttemptLimiter;
  secondFactor: SecondFactor;
  refreshTokenTtlSeconds: number;
}

// One message for an unknown email and a wrong password, so sign-in tells nobody which emails have accounts.
const wrongCredentials = () => Errors.unauthenticated('The email or password is wrong.');
const invalidRefreshToken = () => Errors.unauthenticated('The refresh token is invalid or spent; sign in again.');

export function createAuthService({ db, hasher, tokens, attempts, secondFactor, refreshTokenTtlSeconds }: AuthServiceOptions): AuthService {
  const newRefreshToken = () => {
    const token = createOpaqueToken('fbrt_');
    return { token, tokenHash: hashToken(token) };
  };

  const payloadFor = async (user: User, sessionId: string, refreshToken: string): Promise<AuthPayload> => {
    const access = await tokens.issueAccessToken({
      projectId: user.projectId,
      userId: user.id,
      sessionId,
      roles: user.roles,
      anonymous: user.anonymous,
    });
    return { accessToken: access.token, refreshToken, expiresIn: access.expiresIn, user };
  };

  /** A new session (a new refresh token family) for a user, inside the caller's transaction. */
  const startSession = async (tx: Prisma.TransactionClient, user: User, userAgent: string | undefined) => {
    const refresh = newRefreshToken();
    const session = await tx.session.create({
      data: {
        projectId: user.projectId,
        userId: user.id,
        userAgent: userAgent?.slice(0, 256) ?? null,
        lastUsedAt: new Date(),
        expiresAt: new Date(Date.now() + refreshTokenTtlSeconds * 1000),
      },
    });
    await tx.refreshToken.create({ data: { sessionId: session.id, tokenHash: refresh.tokenHash } });
    return { session, refreshToken: refresh.token };
  };

  const revokeFamily = async (tx: Prisma.TransactionClient, session: Session, reason: string) => {
    const { count } = await tx.session.updateMany({ where: { id: session.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count > 0) {
      await writeOutbox(tx, {
        projectId: session.projectId,
        topic: 'identity.session.revoked',
        aggregateId: session.id,
        payload: { sessionId: session.id, userId: session.userId, reason },
      });
    }
  };

  const createUser = async (data: Prisma.UserUncheckedCreateInput, userAgent: string | undefined) =>
    db.prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data });
      await writeOutbox(tx, {
        projectId: user.projectId,
        topic: 'identity.user.created',
        aggregateId: user.id,
        payload: { userId: user.id, email: user.email, anonymous: user.anonymous },
      });
      const { session, refreshToken } = await startSession(tx, user, userAgent);
      return { user, session, refreshToken };
    });

  const service: AuthService = {
    async signUp(projectId, { email, password, userAgent }) {
      const address = parseEmail(email);
      await attempts.attempt('sign-up', projectId, address);
      const problem = checkPassword(password);
      if (problem) throw Errors.badUserInput(problem, { field: 'password' });
      const passwordHash = await hasher.hash(password);
      try {
        const { user, session, refreshToken } = await createUser({ projectId, email: address, passwordHash, roles: [] }, userAgent);
        return await payloadFor(user, session.id, refreshToken);
      } catch (error) {
        if (isUniqueViolation(error)) throw Errors.conflict('This email already has an account: sign in, or reset the password.');
        throw error;
      }
    },

    async signIn(projectId, { email, password, totpCode, userAgent }) {
      const address = normalizeEmail(email);
      await attempts.attempt('sign-in', projectId, address);
      const user = address ? await db.prisma.user.findUnique({ where: { projectId_email: { projectId, email: address } } }) : null;
      if (!user?.passwordHash) {
        await hasher.verifyAgainstDummy(password); // the same time as a real check: no timing oracle
        throw wrongCredentials();
      }
      if (!(await hasher.verify(password, user.passwordHash))) throw wrongCredentials();
      if (user.totpConfirmedAt) {
        if (!totpCode) {
          throw Errors.unauthenticated('This account has two-step sign-in: send totpCode, a code from the authenticator app or a recovery code.');
        }
        if (!(await secondFactor.accept(user, totpCode))) {
          throw Errors.unauthenticated('The two-step code is wrong or was used already: use the current code or an unused recovery code.');
        }
      }
      await attempts.succeeded('sign-in', projectId, address);
      const rehashed = hasher.needsRehash(user.passwordHash) ? await hasher.hash(password) : null;
      const { session, refreshToken } = await db.prisma.$transaction(async (tx) => {
        if (rehashed) await tx.user.update({ where: { id: user.id }, data: { passwordHash: rehashed } });
        return startSession(tx, user, userAgent);
      });
      return payloadFor(user, session.id, refreshToken);
    },

    async signInAnonymously(projectId, { userAgent }) {
      const { user, session, refreshToken } = await createUser({ projectId, anonymous: true, roles: [] }, userAgent);
      return payloadFor(user, session.id, refreshToken);
    },

    async refreshSession(projectId, refreshToken) {
      if (!/^fbrt_[\w-]{20,100}$/.test(refreshToken)) throw invalidRefreshToken();
      const row = await db.prisma.refreshToken.findUnique({ where: { tokenHash: hashToken(refreshToken) } });
      const session = row ? await db.prisma.session.findUnique({ where: { id: row.sessionId } }) : null;
      if (!row || !session || session.projectId !== projectId) throw invalidRefreshToken();
      if (session.revokedAt || session.expiresAt.getTime() <= Date.now()) throw invalidRefreshToken();
      const next = newRefreshToken();
      const outcome = await db.prisma.$transaction(async (tx) => {
        // Spending is a conditional update: of two concurrent refreshes with one token, one wins
        // and the other is treated as the replay it is.
        const { count } = await tx.refreshToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
        if (count === 0) {
          await revokeFamily(tx, session, 'refresh-token-reuse');
          return 'reused' as const;
        }
        await tx.refreshToken.create({ data: { sessionId: session.id, tokenHash: next.tokenHash } });
        await tx.session.update({ where: { id: session.id }, data: { lastUsedAt: new Date() } });
        return tx.user.findUnique({ where: { id: session.userId } });
      });
      if (outcome === 'reused') {
        throw Errors.unauthenticated('This refresh token was already used, so the session has been revoked to be safe; sign in again.');
      }
      if (!outcome) throw invalidRefreshToken();
      return payloadFor(outcome, session.id, next.token);
    },

    async revokeSession(projectId, sessionId, { user, secretKey }) {
      if (!isUuid(sessionId)) throw Errors.notFound(`Session ${sessionId}`);
      const session = await db.prisma.session.findFirst({ where: { id: sessionId, projectId } });
      // A user may end only their own sessions; the secret key any in the project.
      if (!session || (!secretKey && session.userId !== user?.id)) throw Errors.notFound(`Session ${sessionId}`);
      await db.prisma.$transaction((tx) => revokeFamily(tx, session, 'revoked'));
      return true;
    },

    listSessions(projectId, userId) {
      return db.prisma.session.findMany({
        where: { projectId, userId, revokedAt: null, expiresAt: { gt: new Date() } },
        orderBy: { createdAt: 'desc' },
      });
    },

    async revokeAllSessions(tx, projectId, userId, reason) {
      const sessions = await tx.session.findMany({ where: { projectId, userId, revokedAt: null } });
      for (const session of sessions) await revokeFamily(tx, session, reason);
    },
  };
  return service;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
