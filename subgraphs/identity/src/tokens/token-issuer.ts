import { randomUUID } from 'node:crypto';
import { signingAlgorithm, tokenTypes, type KeyKind } from '@fedbase/context';
import { SignJWT } from 'jose';
import type { KeyRing } from './key-ring.ts';

export interface IssuedToken {
  readonly token: string;
  /** Seconds until it expires. */
  readonly expiresIn: number;
}

export interface AccessTokenSubject {
  projectId: string;
  userId: string;
  sessionId: string;
  roles: readonly string[];
  anonymous: boolean;
}

export interface ProjectTokenSubject {
  projectId: string;
  apiKeyId: string;
  kind: KeyKind;
  scopes: readonly string[];
}

export interface TokenIssuer {
  issueAccessToken(subject: AccessTokenSubject): Promise<IssuedToken>;
  /** What the gateway forwards to subgraphs once it has verified an API key. */
  issueProjectToken(subject: ProjectTokenSubject): Promise<IssuedToken>;
}

export interface TokenIssuerOptions {
  keyRing: KeyRing;
  issuer: string;
  accessTokenTtlSeconds: number;
  projectTokenTtlSeconds: number;
}

/** Signs tokens with the project's current key; the claims are those @fedbase/context verifies. */
export function createTokenIssuer({ keyRing, issuer, accessTokenTtlSeconds, projectTokenTtlSeconds }: TokenIssuerOptions): TokenIssuer {
  const sign = async (projectId: string, typ: string, subject: string, claims: Record<string, unknown>, ttl: number): Promise<IssuedToken> => {
    const { kid, privateKey } = await keyRing.currentKey(projectId);
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: signingAlgorithm, typ, kid })
      .setIssuer(issuer)
      .setAudience(projectId)
      .setSubject(subject)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${ttl}s`)
      .setJti(randomUUID())
      .sign(privateKey);
    return { token, expiresIn: ttl };
  };
  return {
    issueAccessToken: ({ projectId, userId, sessionId, roles, anonymous }) =>
      sign(projectId, tokenTypes.access, userId, { sid: sessionId, roles, anonymous }, accessTokenTtlSeconds),
    issueProjectToken: ({ projectId, apiKeyId, kind, scopes }) =>
      sign(projectId, tokenTypes.project, apiKeyId, { kind, scopes }, projectTokenTtlSeconds),
  };
}
