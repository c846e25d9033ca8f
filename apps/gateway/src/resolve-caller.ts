import { createHash } from 'node:crypto';
import { bearerToken, isSaneRequestId, projectTokenHeader, type CallerVerifier, type ProjectCaller, type UserCaller } from '@fedbase/context';
import { Errors } from '@fedbase/errors';
import { LRUCache } from 'lru-cache';

/** Who is calling, as the gateway established it, and the headers that prove it to subgraphs. */
export interface ResolvedCaller {
  readonly project: ProjectCaller | null;
  readonly user: UserCaller | null;
  /** What subgraphs receive: the project token, the bearer token, the request id. */
  readonly forwardHeaders: Readonly<Record<string, string>>;
  /** `x-admin-secret`, forwarded to identity only (which checks it). */
  readonly adminSecret: string | null;
}

export interface CallerResolverOptions {
  /** Identity's base URL (it trades API keys for project tokens at /internal/project-token). */
  identityUrl: string;
  verifier: CallerVerifier;
  /** @default 10_000 keys remembered */
  maxCachedKeys?: number;
}

export interface CallerResolver {
  /** Throws UNAUTHENTICATED (401) for an unknown key or a bad token; no key at all is an anonymous caller. */
  resolve(headers: Readonly<Record<string, string | string[] | undefined>>): Promise<ResolvedCaller>;
}

interface KeyEntry {
  project: ProjectCaller;
  token: string;
}

/**
 * The gateway verifies the API key (through identity, cached for the project token's lifetime,
 * so a key costs one round trip a minute, not one per request) and the bearer token (against the
 * JWKS, locally), refusing a token of another project before any subgraph is asked.
 */
export function createCallerResolver({ identityUrl, verifier, maxCachedKeys = 10_000 }: CallerResolverOptions): CallerResolver {
  // Keyed by a hash so the cache never holds a key itself. Unknown keys are remembered briefly
  // too, so a client hammering with a wrong key does not hammer identity.
  const keys = new LRUCache<string, KeyEntry | 'unknown'>({ max: maxCachedKeys, ttlAutopurge: false });
  const pending = new Map<string, Promise<KeyEntry | 'unknown'>>();

  const exchange = async (apiKey: string): Promise<{ entry: KeyEntry | 'unknown'; ttlMs: number }> => {
    const response = await fetch(`${identityUrl}/internal/project-token`, {
      method: 'POST',
      headers: { 'x-api-key': apiKey },
      signal: AbortSignal.timeout(5_000),
    }).catch((error: unknown) => {
      throw Errors.internal(error); // identity unreachable: logged by the caller, INTERNAL to the client
    });
    if (response.status === 401) {
      await response.body?.cancel();
      return { entry: 'unknown', ttlMs: 5_000 };
    }
    if (!response.ok) throw Errors.internal(new Error(`identity answered ${response.status} to a key exchange`));
    const body = (await response.json()) as { token: string; expiresIn: number };
    const project = await verifier.verifyProjectToken(body.token);
    // Renew well before expiry so a forwarded token never expires on its way to a subgraph.
    // Reused for half its lifetime only: what carries it may be read much later (a subscribe that
    // waits in a busy subgraph's queue, or is re-sent after a reconnect) and must still be valid.
    return { entry: { project, token: body.token }, ttlMs: Math.max(1, body.expiresIn / 2) * 1000 };
  };

  const projectFor = async (apiKey: string): Promise<KeyEntry> => {
    const id = createHash('sha256').update(apiKey).digest('base64url');
    let entry = keys.get(id) ?? (await pending.get(id));
    if (!entry) {
      const exchanging = exchange(apiKey).then(({ entry: found, ttlMs }) => {
        keys.set(id, found, { ttl: ttlMs });
        return found;
      });
      pending.set(id, exchanging);
      try {
        entry = await exchanging;
      } finally {
        pending.delete(id);
      }
    }
    if (entry === 'unknown') throw Errors.unauthenticated('The API key in x-api-key is unknown or revoked: use a key of your project.');
    return entry;
  };

  return {
    async resolve(headers) {
      const forwardHeaders: Record<string, string> = {};
      const requestId = single(headers['x-request-id']);
      if (isSaneRequestId(requestId)) forwardHeaders['x-request-id'] = requestId;
      const userAgent = single(headers['user-agent']);
      if (userAgent) forwardHeaders['user-agent'] = userAgent.slice(0, 256);
      const adminSecret = single(headers['x-admin-secret']) ?? null;
      const apiKey = single(headers['x-api-key']);
      const accessToken = bearerToken(single(headers['authorization']));
      if (!apiKey) {
        if (accessToken) throw Errors.unauthenticated('An access token needs the project key too: send x-api-key with it.');
        return { project: null, user: null, forwardHeaders, adminSecret };
      }
      const { project, token } = await projectFor(apiKey);
      forwardHeaders[projectTokenHeader] = token;
      let user: UserCaller | null = null;
      if (accessToken) {
        user = await verifier.verifyAccessToken(accessToken, project.id);
        forwardHeaders['authorization'] = `Bearer ${accessToken}`;
      }
      return { project, user, forwardHeaders, adminSecret };
    },
  };
}

function single(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === '' ? undefined : first;
}
