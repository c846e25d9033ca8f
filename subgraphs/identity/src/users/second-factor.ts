import type { Database } from '@fedbase/db';
import { Errors } from '@fedbase/errors';
import type { User } from '@fedbase/prisma';
import { hashToken } from '../security/opaque-token.ts';
import { createRecoveryCodes, normalizeRecoveryCode } from '../security/recovery-codes.ts';
import type { SecretBox } from '@fedbase/secret-box';
import { createTotpSecret, totpUri, verifyTotp } from '../security/totp.ts';

export interface TotpEnrollment {
  secret: string;
  otpauthUrl: string;
  recoveryCodes: string[];
}

export interface SecondFactor {
  /** A new TOTP secret and ten recovery codes; sign-in asks for codes once `confirm` succeeds. */
  enroll(projectId: string, userId: string, issuer: string): Promise<TotpEnrollment>;
  confirm(projectId: string, userId: string, code: string): Promise<boolean>;
  /** Whether `code` (a current TOTP code, or an unused recovery code) lets `user` in; spends what it uses. */
  accept(user: User, code: string): Promise<boolean>;
}

/** TOTP (RFC 6238) with one-time recovery codes; secrets sealed at rest, codes stored hashed. */
export function createSecondFactor({ db, secretBox }: { db: Database; secretBox: SecretBox }): SecondFactor {
  /** Accepts a TOTP code once: the step it matched must be later than the last one used. */
  const acceptTotp = async (user: User, code: string): Promise<boolean> => {
    if (!user.totpSecret) return false;
    const step = verifyTotp(secretBox.open(user.totpSecret), code);
    if (step === null) return false;
    const { count } = await db.prisma.user.updateMany({
      where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: BigInt(step) } }] },
      data: { totpLastStep: BigInt(step) },
    });
    return count === 1;
  };

  return {
    async enroll(projectId, userId, issuer) {
      const user = await db.prisma.user.findFirst({ where: { id: userId, projectId } });
      if (!user) throw Errors.unauthenticated('The signed-in user no longer exists; sign in again.');
      if (user.anonymous || !user.email) throw Errors.forbidden('Anonymous users cannot enrol two-step sign-in: sign up with an email first.');
      if (user.totpConfirmedAt) throw Errors.conflict('Two-step sign-in is already on for this account.');
      const secret = createTotpSecret();
      const recoveryCodes = createRecoveryCodes(10);
      await db.prisma.$transaction([
        db.prisma.user.update({ where: { id: user.id }, data: { totpSecret: secretBox.seal(secret), totpLastStep: null } }),
        db.prisma.recoveryCode.deleteMany({ where: { userId: user.id } }),
        db.prisma.recoveryCode.createMany({ data: recoveryCodes.map((code) => ({ userId: user.id, codeHash: hashToken(normalizeRecoveryCode(code)) })) }),
      ]);
      return { secret, otpauthUrl: totpUri({ secret, issuer, label: user.email }), recoveryCodes };
    },

    async confirm(projectId, userId, code) {
      const user = await db.prisma.user.findFirst({ where: { id: userId, projectId } });
      if (!user?.totpSecret) throw Errors.badUserInput('Call enrollTotp first, then confirm with a code from the authenticator app.');
      if (user.totpConfirmedAt) return true;
      if (!(await acceptTotp(user, code))) {
        throw Errors.badUserInput('The code is wrong: type the current 6-digit code from the authenticator app.', { field: 'code' });
      }
      await db.prisma.user.update({ where: { id: user.id }, data: { totpConfirmedAt: new Date() } });
      return true;
    },

    async accept(user, code) {
      if (await acceptTotp(user, code)) return true;
      const codeHash = hashToken(normalizeRecoveryCode(code));
      const { count } = await db.prisma.recoveryCode.updateMany({ where: { userId: user.id, codeHash, usedAt: null }, data: { usedAt: new Date() } });
      return count === 1;
    },
  };
}
