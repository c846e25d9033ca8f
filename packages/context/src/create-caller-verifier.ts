import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Errors, type FedbaseError } from '@fedbase/errors';
import { decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { createRequestContext } from './create-request-context.ts';
import type { ProjectCaller, RequestContext, UserCaller } from './request-context.ts';
import { projectTokenHeader, signingAlgorithm, tokenTypes } from './token-claims.ts';

export interface CallerVerifierOptions {
  /** Where public keys come from: identity's JWKS over HTTP, or its own key ring in identity. */
  keys: JWTVerifyGetKey;
  /** Expected `iss` of every token. */
  issuer: string;
  /** @default 100_000 verified tokens remembered until they expire */
  maxCachedTokens?: number;
}

export interface CallerVerifier {
  /** Verifies the gateway's project token (a JWT identity signed for a verified API key). */
  verifyProjectToken(token: string): Promise<ProjectCaller>;
  /** Verifies a user's access token for `projectId`: a token of another project is refused. */
  verifyAccessToken(token: string, projectId: string): Promise<UserCaller>;
  /**
   * Who is calling, from a subgraph request's headers: the project token and the bearer token,
   * each verified. Missing credentials leave the caller null; bad ones throw UNAUTHENTICATED.
   */
  contextFromHeaders(headers: IncomingHttpHeaders | Readonly<Record<string, string>>): Promise<RequestContext>;
}

/**
 * The one place tokens are checked, shared by the gateway and every subgraph so they cannot
 * disagree: signature against the JWKS, `alg` pinned to EdDSA (so `none` and HMAC-with-the-public-
 * key fail), `typ`, `iss`, `aud`, `exp` and `nbf`.
 */
export function createCallerVerifier({ keys, issuer, maxCachedTokens = 100_000 }: CallerVerifierOptions): CallerVerifier {
  // A token's check gives the same answer until it expires (retired signing keys stay published
  // that long), and the same token arrives again and again: a project token with every request of
  // that key for half a minute, an access token with each of its user's requests and each event of
  // their subscriptions. So each is verified once; only successes are kept, until the token's `exp`.
  const verified = new LRUCache<string, ProjectCaller | UserCaller>({ max: maxCachedTokens, ttlAutopurge: false });
  const once = async <T extends ProjectCaller | UserCaller>(cacheKey: string, token: string, check: () => Promise<T>): Promise<T> => {
    const id = createHash('sha256').update(cacheKey).update('\0').update(token).digest('base64url');
    const cached = verified.get(id);
    if (cached) return cached as T;
    const result = await check();
    const ttl = (decodeJwt(token).exp ?? 0) * 1000 - Date.now();
    if (ttl > 0) verified.set(id, result, { ttl });
    return result;
  };
  const verify = async (token: string, typ: string, audience: string | undefined, what: string): Promise<JWTPayload> => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: [signingAlgorithm],
        issuer,
        typ,
        ...(audience ? { audience } : {}),
        requiredClaims: ['exp', 'sub', 'aud'],
        clockTolerance: 5,
      });
      return payload;
    } catch (error) {
      throw tokenError(error, what);
    }
  };

  const verifier: CallerVerifier = {
    verifyProjectToken: (token) => once('project', token, async () => {
      const payload = await verify(token, tokenTypes.project, undefined, 'project token');
      const kind = payload['kind'];
      const aud = typeof payload.aud === 'string' ? payload.aud : undefined;
      if (!aud || (kind !== 'publishable' && kind !== 'secret') || typeof payload.sub !== 'string') {
        throw Errors.unauthenticated('The project token is malformed; send the request through the gateway.');
      }
      return { id: aud, keyKind: kind, apiKeyId: payload.sub, scopes: stringList(payload['scopes']) } satisfies ProjectCaller;
    }),
    verifyAccessToken: (token, projectId) => once(`access:${projectId}`, token, async () => {
      const payload = await verify(token, tokenTypes.access, projectId, 'access token');
      const sid = payload['sid'];
      if (typeof payload.sub !== 'string' || typeof sid !== 'string') {
        throw Errors.unauthenticated('The access token is malformed; sign in again.');
      }
      return { id: payload.sub, sessionId: sid, roles: stringList(payload['roles']), anonymous: payload['anonymous'] === true } satisfies UserCaller;
    }),
    async contextFromHeaders(headers) {
      const { requestId } = createRequestContext(headers);
      const extras = { adminSecret: header(headers, 'x-admin-secret') ?? null, userAgent: header(headers, 'user-agent') ?? null };
      const projectToken = header(headers, projectTokenHeader);
      const accessToken = bearerToken(header(headers, 'authorization'));
      if (!projectToken) {
        if (accessToken) throw Errors.unauthenticated('An access token needs the project key too: send x-api-key with it.');
        return { requestId, project: null, user: null, ...extras };
      }
      const project = await verifier.verifyProjectToken(projectToken);
      const user = accessToken ? await verifier.verifyAccessToken(accessToken, project.id) : null;
      return { requestId, project, user, ...extras };
    },
  };
  return verifier;
}

/** The token of an `authorization: Bearer <token>` header; a malformed header is refused, not ignored. */
export function bearerToken(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const match = /^Bearer +([\w-]+\.[\w-]+\.[\w-]*)$/i.exec(authorization.trim());
  if (!match?.[1]) throw Errors.unauthenticated('The authorization header must be `Bearer <access token>`.');
  return match[1];
}

function header(headers: IncomingHttpHeaders | Readonly<Record<string, string>>, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Tells the client what to do, without saying more than it needs about why a token failed. */
function tokenError(error: unknown, what: string): FedbaseError {
  // The keys could not be fetched: our failure, not the caller's token.
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return Errors.internal(error);
  if (error instanceof joseErrors.JWTExpired) return Errors.unauthenticated(`The ${what} has expired; refresh the session or sign in again.`);
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud') {
    return Errors.unauthenticated(`The ${what} belongs to another project; sign in to this project.`);
  }
  if (error instanceof joseErrors.JOSEError) return Errors.unauthenticated(`The ${what} is invalid; sign in again.`);
  return Errors.internal(error); // not a token problem (e.g. identity unreachable)
}
