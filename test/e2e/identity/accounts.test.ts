import { startStack, type RunningStack, type StackProject } from '@fedbase/testing';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, refresh, signIn, signUp, uniqueEmail, type Session } from '../../support/identity-client.ts';

const password = 'correct horse battery staple';

// Accounts end to end on the embedded defaults (PGlite, dev mailbox), as `npm start` runs them.
describe('user accounts, through the gateway', () => {
  let stack: RunningStack;
  let project: StackProject;
  const pk = () => project.publishableKey;

  beforeAll(async () => {
    stack = await startStack({ env: { PASSWORD_HASH_COST: '10', AUTH_ATTEMPTS_PER_EMAIL: '5', AUTH_ATTEMPTS_PER_IP: '10000' } });
    if (!stack.firstProject) throw new Error('a fresh data directory should get a first project');
    project = stack.firstProject;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const me = (session: Session) => gql(stack.gatewayUrl, '{ me { id email emailVerified anonymous roles } }', {}, { key: pk(), token: session.accessToken });
  const mailTo = async (email: string) => {
    const response = await gql(stack.gatewayUrl, '{ devMailbox { to subject text } }', {}, { key: project.secretKey });
    return (response.body.data?.['devMailbox'] as { to: string; subject: string; text: string }[]).filter((mail) => mail.to === email);
  };
  const tokenIn = (text: string) => /Token: (fbot_[\w-]+)/.exec(text)?.[1] ?? '';

  describe('sign-up', () => {
    it('creates the user, signs them in and normalizes the email', async () => {
      const email = uniqueEmail('Ann').replace('ann', 'Ann');
      const session = await signUp(stack.gatewayUrl, pk(), email);
      expect(session.accessToken.split('.')).toHaveLength(3);
      expect(session.refreshToken).toMatch(/^fbrt_/);
      expect((await me(session)).body.data?.['me']).toMatchObject({ id: session.user.id, email: email.toLowerCase(), emailVerified: false, anonymous: false, roles: [] });
    });

    it.each([
      ['not-an-email', password, 'email'],
      [uniqueEmail('short'), 'short1!', 'password'],
      [uniqueEmail('common'), 'password1234', 'password'],
      [uniqueEmail('repeat'), 'aaaaaaaaaaaa', 'password'],
    ])('refuses %s / %s with BAD_USER_INPUT naming the %s', async (email, pass, field) => {
      const response = await gql(stack.gatewayUrl, 'mutation ($e: String!, $p: String!) { signUp(email: $e, password: $p) { accessToken } }', { e: email, p: pass }, { key: pk() });
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.body.errors?.[0]?.extensions?.['field']).toBe(field);
    });

    it('refuses a second account for the same email with CONFLICT', async () => {
      const email = uniqueEmail('twice');
      await signUp(stack.gatewayUrl, pk(), email);
      const again = await gql(stack.gatewayUrl, 'mutation ($e: String!, $p: String!) { signUp(email: $e, password: $p) { accessToken } }', { e: email.toUpperCase(), p: password }, { key: pk() });
      expect(codes(again)).toEqual(['CONFLICT']);
    });
  });

  describe('sign-in', () => {
    it('signs in with the right password', async () => {
      const email = uniqueEmail('in');
      const { user } = await signUp(stack.gatewayUrl, pk(), email);
      expect((await signIn(stack.gatewayUrl, pk(), email, password)).body.data?.signIn.user.id).toBe(user.id);
    });

    it('answers an unknown email exactly like a wrong password', async () => {
      const email = uniqueEmail('known');
      await signUp(stack.gatewayUrl, pk(), email);
      const wrong = await signIn(stack.gatewayUrl, pk(), email, 'not the password at all');
      const unknown = await signIn(stack.gatewayUrl, pk(), uniqueEmail('unknown'), 'not the password at all');
      expect(wrong.status).toBe(unknown.status);
      expect(wrong.body).toEqual(unknown.body);
      expect(codes(wrong)).toEqual(['UNAUTHENTICATED']);
    });

    it('signs in anonymously as a user without email', async () => {
      const response = await gql(stack.gatewayUrl, 'mutation { signInAnonymously { accessToken refreshToken user { id email anonymous } } }', {}, { key: pk() });
      const session = response.body.data?.['signInAnonymously'];
      expect(session.user).toMatchObject({ email: null, anonymous: true });
      expect((await me(session)).body.data?.['me'].id).toBe(session.user.id);
    });

    it('throttles guessing one account with 429, Retry-After and RATE_LIMITED, and leaves other accounts alone', async () => {
      const email = uniqueEmail('guessed');
      await signUp(stack.gatewayUrl, pk(), email);
      for (let i = 0; i < 5; i++) expect(codes(await signIn(stack.gatewayUrl, pk(), email, `wrong guess ${i}!!`))).toEqual(['UNAUTHENTICATED']);
      const refused = await fetch(`${stack.gatewayUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': pk() },
        body: JSON.stringify({ query: `mutation { signIn(email: "${email}", password: "${password}") { accessToken } }` }),
      });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('RATE_LIMITED');

      const other = uniqueEmail('other');
      await signUp(stack.gatewayUrl, pk(), other);
      expect((await signIn(stack.gatewayUrl, pk(), other, password)).body.data?.signIn.accessToken).toBeTruthy();
    });
  });

  describe('sessions', () => {
    it('rotates the refresh token on every use', async () => {
      const session = await signUp(stack.gatewayUrl, pk(), uniqueEmail('rotate'));
      const next = (await refresh(stack.gatewayUrl, pk(), session.refreshToken)).body.data?.refreshSession;
      expect(next?.refreshToken).toMatch(/^fbrt_/);
      expect(next?.refreshToken).not.toBe(session.refreshToken);
      expect((await refresh(stack.gatewayUrl, pk(), next!.refreshToken)).body.data?.refreshSession.user.id).toBe(session.user.id);
    });

    it('revokes the whole session when a spent refresh token is presented again', async () => {
      const session = await signUp(stack.gatewayUrl, pk(), uniqueEmail('reuse'));
      const next = (await refresh(stack.gatewayUrl, pk(), session.refreshToken)).body.data!.refreshSession;
      const replay = await refresh(stack.gatewayUrl, pk(), session.refreshToken);
      expect(codes(replay)).toEqual(['UNAUTHENTICATED']);
      expect(replay.body.errors?.[0]?.message).toMatch(/already used/);
      // The thief's replay also ends the rightful holder's newer token: the family is revoked.
      expect(codes(await refresh(stack.gatewayUrl, pk(), next.refreshToken))).toEqual(['UNAUTHENTICATED']);
    });

    it('lists the sessions with the current one marked, and revokes one', async () => {
      const email = uniqueEmail('sessions');
      const first = await signUp(stack.gatewayUrl, pk(), email);
      const second = (await signIn(stack.gatewayUrl, pk(), email, password)).body.data!.signIn;
      const listed = await gql(stack.gatewayUrl, '{ sessions { id current } }', {}, { key: pk(), token: second.accessToken });
      const sessions = listed.body.data?.['sessions'] as { id: string; current: boolean }[];
      expect(sessions).toHaveLength(2);
      expect(sessions.filter((s) => s.current)).toHaveLength(1);
      const other = sessions.find((s) => !s.current)!;
      expect((await gql(stack.gatewayUrl, 'mutation ($id: ID!) { revokeSession(id: $id) }', { id: other.id }, { key: pk(), token: second.accessToken })).body.data?.['revokeSession']).toBe(true);
      expect(codes(await refresh(stack.gatewayUrl, pk(), first.refreshToken))).toEqual(['UNAUTHENTICATED']);
    });

    it("does not let a user revoke someone else's session", async () => {
      const mine = await signUp(stack.gatewayUrl, pk(), uniqueEmail('mine'));
      const theirs = await signUp(stack.gatewayUrl, pk(), uniqueEmail('theirs'));
      const theirSession = (await gql(stack.gatewayUrl, '{ currentSession { id } }', {}, { key: pk(), token: theirs.accessToken })).body.data?.['currentSession'].id;
      const response = await gql(stack.gatewayUrl, 'mutation ($id: ID!) { revokeSession(id: $id) }', { id: theirSession }, { key: pk(), token: mine.accessToken });
      expect(codes(response)).toEqual(['NOT_FOUND']);
      expect((await refresh(stack.gatewayUrl, pk(), theirs.refreshToken)).body.data?.refreshSession).toBeTruthy();
    });

    it('signs out: the refresh token stops working', async () => {
      const session = await signUp(stack.gatewayUrl, pk(), uniqueEmail('out'));
      expect((await gql(stack.gatewayUrl, 'mutation { signOut }', {}, { key: pk(), token: session.accessToken })).body.data?.['signOut']).toBe(true);
      expect(codes(await refresh(stack.gatewayUrl, pk(), session.refreshToken))).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('password reset', () => {
    it('answers true for an unknown email and sends nothing', async () => {
      const email = uniqueEmail('nobody');
      const response = await gql(stack.gatewayUrl, 'mutation ($e: String!) { requestPasswordReset(email: $e) }', { e: email }, { key: pk() });
      expect(response.body.data?.['requestPasswordReset']).toBe(true);
      expect(await mailTo(email)).toEqual([]);
    });

    it('mails a single-use link that sets a new password and signs every session out', async () => {
      const email = uniqueEmail('reset');
      const session = await signUp(stack.gatewayUrl, pk(), email);
      await gql(stack.gatewayUrl, 'mutation ($e: String!) { requestPasswordReset(email: $e) }', { e: email }, { key: pk() });
      const [mail] = await mailTo(email);
      expect(mail?.subject).toMatch(/Reset/);
      const token = tokenIn(mail!.text);
      const newPassword = 'a brand new passphrase';
      const reset = await gql(stack.gatewayUrl, 'mutation ($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }', { t: token, p: newPassword }, { key: pk() });
      expect(reset.body.data?.['resetPassword']).toBe(true);
      expect(codes(await signIn(stack.gatewayUrl, pk(), email, password))).toEqual(['UNAUTHENTICATED']);
      expect((await signIn(stack.gatewayUrl, pk(), email, newPassword)).body.data?.signIn.user.id).toBe(session.user.id);
      expect(codes(await refresh(stack.gatewayUrl, pk(), session.refreshToken))).toEqual(['UNAUTHENTICATED']);
      const again = await gql(stack.gatewayUrl, 'mutation ($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }', { t: token, p: 'yet another passphrase' }, { key: pk() });
      expect(codes(again)).toEqual(['BAD_USER_INPUT']);
    });

    it('refuses a made-up reset token', async () => {
      const response = await gql(stack.gatewayUrl, 'mutation { resetPassword(token: "fbot_madeupmadeupmadeupmadeup", newPassword: "a brand new passphrase") }', {}, { key: pk() });
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    });
  });

  it('verifies an email with the mailed single-use link', async () => {
    const email = uniqueEmail('verify');
    const session = await signUp(stack.gatewayUrl, pk(), email);
    expect((await gql(stack.gatewayUrl, 'mutation { requestEmailVerification }', {}, { key: pk(), token: session.accessToken })).body.data?.['requestEmailVerification']).toBe(true);
    const [mail] = await mailTo(email);
    const token = tokenIn(mail!.text);
    expect((await gql(stack.gatewayUrl, 'mutation ($t: String!) { verifyEmail(token: $t) }', { t: token }, { key: pk() })).body.data?.['verifyEmail']).toBe(true);
    expect((await me(session)).body.data?.['me'].emailVerified).toBe(true);
    expect(codes(await gql(stack.gatewayUrl, 'mutation ($t: String!) { verifyEmail(token: $t) }', { t: token }, { key: pk() }))).toEqual(['BAD_USER_INPUT']);
  });

  it('keeps the dev mailbox for the secret key only', async () => {
    expect(codes(await gql(stack.gatewayUrl, '{ devMailbox { to } }', {}, { key: pk() }))).toEqual(['FORBIDDEN']);
  });

  describe('two-step sign-in (TOTP)', () => {
    it('enrols, confirms, then requires a code; a code works once and so does each recovery code', async () => {
      const email = uniqueEmail('totp');
      const session = await signUp(stack.gatewayUrl, pk(), email);
      const enrolled = (await gql(stack.gatewayUrl, 'mutation { enrollTotp { secret otpauthUrl recoveryCodes } }', {}, { key: pk(), token: session.accessToken })).body.data?.['enrollTotp'];
      expect(enrolled.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
      expect(enrolled.recoveryCodes).toHaveLength(10);
      const totp = new TOTP({ secret: Secret.fromBase32(enrolled.secret), digits: 6, period: 30, algorithm: 'SHA1' });

      const wrong = await gql(stack.gatewayUrl, 'mutation { confirmTotp(code: "000000") }', {}, { key: pk(), token: session.accessToken });
      expect(codes(wrong)).toEqual(totp.generate() === '000000' ? [] : ['BAD_USER_INPUT']);
      // Confirm with the previous step's code, so the current one is still unused for sign-in below.
      const previous = totp.generate({ timestamp: Date.now() - 30_000 });
      expect((await gql(stack.gatewayUrl, 'mutation ($c: String!) { confirmTotp(code: $c) }', { c: previous }, { key: pk(), token: session.accessToken })).body.data?.['confirmTotp']).toBe(true);

      const withoutCode = await signIn(stack.gatewayUrl, pk(), email, password);
      expect(codes(withoutCode)).toEqual(['UNAUTHENTICATED']);
      expect(withoutCode.body.errors?.[0]?.message).toMatch(/totpCode/);

      const code = totp.generate();
      expect((await signIn(stack.gatewayUrl, pk(), email, password, code)).body.data?.signIn.user.id).toBe(session.user.id);
      expect(codes(await signIn(stack.gatewayUrl, pk(), email, password, code))).toEqual(['UNAUTHENTICATED']);

      const recovery = enrolled.recoveryCodes[0] as string;
      expect((await signIn(stack.gatewayUrl, pk(), email, password, recovery.toUpperCase())).body.data?.signIn.user.id).toBe(session.user.id);
      expect(codes(await signIn(stack.gatewayUrl, pk(), email, password, recovery))).toEqual(['UNAUTHENTICATED']);
    });
  });
});
