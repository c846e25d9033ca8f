import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createCallerVerifier, defaultTokenIssuer, signingAlgorithm, tokenTypes } from '@fedbase/context';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface VerificationFigures {
  readonly verifications: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly microsecondsPerVerification: number;
}

/**
 * How long the check the gateway runs on every bearer token takes on its own: `verifyAccessToken`
 * of one access token, signed the way identity signs it, against an in-memory key set, so neither
 * the network nor the remote JWKS's cache is measured. One verification at a time, awaited, as a
 * request does it (jose's WebCrypto verify is asynchronous).
 */
export async function measureVerification(durationSeconds: number): Promise<VerificationFigures> {
  const projectId = randomUUID();
  const kid = 'bench-key';
  const { publicKey, privateKey } = await generateKeyPair(signingAlgorithm, { crv: 'Ed25519', extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: signingAlgorithm, use: 'sig' };
  const verifier = createCallerVerifier({ keys: createLocalJWKSet({ keys: [publicJwk] }), issuer: defaultTokenIssuer });
  // The claims and header of identity's token issuer, so the token is the size a real one is.
  const token = await new SignJWT({ sid: randomUUID(), roles: [], anonymous: false })
    .setProtectedHeader({ alg: signingAlgorithm, typ: tokenTypes.access, kid })
    .setIssuer(defaultTokenIssuer)
    .setAudience(projectId)
    .setSubject(randomUUID())
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime('15m')
    .setJti(randomUUID())
    .sign(privateKey);
  const user = await verifier.verifyAccessToken(token, projectId);
  if (!user.id) throw new Error('the benchmark token did not verify');

  const deadline = performance.now() + durationSeconds * 1000;
  const started = performance.now();
  let verifications = 0;
  // Checking the clock every 100 verifications keeps performance.now() out of the measured cost.
  while (performance.now() < deadline) {
    for (let i = 0; i < 100; i += 1) await verifier.verifyAccessToken(token, projectId);
    verifications += 100;
  }
  const seconds = (performance.now() - started) / 1000;
  return { verifications, seconds, perSecond: verifications / seconds, microsecondsPerVerification: (seconds * 1e6) / verifications };
}
