/**
 * The shapes of the two tokens identity signs. Both are JWTs signed with the project's current
 * key from its key ring and verified against the JWKS; the `typ` header keeps one from being
 * replayed as the other (RFC 8725 §3.11).
 */
export const tokenTypes = {
  /** A user's access token (RFC 9068 names the type). */
  access: 'at+jwt',
  /** The gateway's proof that an API key was verified: what the key names, nothing more. */
  project: 'fedbase-project+jwt',
} as const;

/** The one algorithm tokens are signed and verified with: pinned, so `none` and HMAC never pass. */
export const signingAlgorithm = 'EdDSA';

/** The header that carries the project token from the gateway to subgraphs. */
export const projectTokenHeader = 'x-fedbase-project-token';

/** @default issuer of every token, unless TOKEN_ISSUER says otherwise. */
export const defaultTokenIssuer = 'fedbase';

export interface AccessTokenClaims {
  /** The user's id. */
  readonly sub: string;
  /** The project's id. */
  readonly aud: string;
  /** The session's id. */
  readonly sid: string;
  readonly roles: readonly string[];
  readonly anonymous: boolean;
}

export interface ProjectTokenClaims {
  /** The project's id. */
  readonly aud: string;
  /** The API key's id. */
  readonly sub: string;
  readonly kind: 'publishable' | 'secret';
  readonly scopes: readonly string[];
}
