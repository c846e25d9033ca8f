import { exportJWK, generateKeyPair, createLocalJWKSet, SignJWT, type CryptoKey, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCallerVerifier, projectTokenHeader, type CallerVerifier } from '../src/index.ts';

const projectId = '11111111-1111-4111-8111-111111111111';

describe('the caller verifier', () => {
  let privateKey: CryptoKey;
  let publicJwk: JWK;
  let verifier: CallerVerifier;

  beforeAll(async () => {
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    privateKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'EdDSA' };
    verifier = createCallerVerifier({ keys: createLocalJWKSet({ keys: [publicJwk] }), issuer: 'fedbase' });
  });

  const sign = (claims: Record<string, unknown>, { typ = 'at+jwt', kid = 'k1', aud = projectId, iss = 'fedbase', exp = '5m', nbf = '0s' } = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ, kid }).setIssuer(iss).setAudience(aud).setSubject('u1').setIssuedAt().setNotBefore(nbf).setExpirationTime(exp).sign(privateKey);
  const access = (options = {}) => sign({ sid: 's1', roles: ['editor'], anonymous: false }, options);
  const projectToken = () => sign({ kind: 'publishable', scopes: ['files:read'] }, { typ: 'fedbase-project+jwt' });
  const rejects = (promise: Promise<unknown>) => expect(promise).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

  it('reads the project and the user from valid tokens', async () => {
    const context = await verifier.contextFromHeaders({ [projectTokenHeader]: await projectToken(), authorization: `Bearer ${await access()}`, 'x-request-id': 'req-1' });
    expect(context).toMatchObject({
      requestId: 'req-1',
      project: { id: projectId, keyKind: 'publishable', apiKeyId: 'u1', scopes: ['files:read'] },
      user: { id: 'u1', sessionId: 's1', roles: ['editor'], anonymous: false },
    });
  });

  it('leaves the caller empty without credentials, whatever other headers say', async () => {
    const context = await verifier.contextFromHeaders({ 'x-api-key': 'fbsk_anything', 'x-project-id': projectId });
    expect(context.project).toBeNull();
    expect(context.user).toBeNull();
  });

  it('refuses a bearer token without a project token', () => rejects(verifier.contextFromHeaders({ authorization: 'Bearer a.b.c' })));
  it('refuses a malformed authorization header', async () => rejects(verifier.contextFromHeaders({ [projectTokenHeader]: await projectToken(), authorization: 'Basic dXNlcg==' })));
  it('refuses an expired token', async () => rejects(verifier.verifyAccessToken(await access({ exp: '-1m' }), projectId)));
  it('refuses a token that is not valid yet', async () => rejects(verifier.verifyAccessToken(await access({ nbf: '10m' }), projectId)));
  it('refuses a token of another project', async () => rejects(verifier.verifyAccessToken(await access({ aud: 'other' }), projectId)));
  it('refuses a token of another issuer', async () => rejects(verifier.verifyAccessToken(await access({ iss: 'evil' }), projectId)));
  it('refuses a project token used as an access token', async () => rejects(verifier.verifyAccessToken(await projectToken(), projectId)));
  it('refuses an access token used as a project token', async () => rejects(verifier.verifyProjectToken(await access())));
  it('refuses an unknown key id', async () => rejects(verifier.verifyAccessToken(await access({ kid: 'k2' }), projectId)));

  it('refuses a token whose claims were altered', async () => {
    const [header, payload, signature] = (await access()).split('.') as [string, string, string];
    const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), roles: ['admin'] };
    await rejects(verifier.verifyAccessToken(`${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`, projectId));
  });

  it('refuses alg "none"', async () => {
    const payload = (await access()).split('.')[1];
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: 'k1' })).toString('base64url');
    await rejects(verifier.verifyAccessToken(`${header}.${payload}.`, projectId));
  });

  it('refuses HS256 keyed with the public key', async () => {
    const claims = JSON.parse(Buffer.from((await access()).split('.')[1]!, 'base64url').toString());
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: 'k1' }).sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    await rejects(verifier.verifyAccessToken(forged, projectId));
  });

  it('says an expired token has expired, so the client knows to refresh', async () => {
    await expect(verifier.verifyAccessToken(await access({ exp: '-1m' }), projectId)).rejects.toThrow(/expired/);
  });
});
