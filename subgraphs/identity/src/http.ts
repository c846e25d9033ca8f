import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '@fedbase/http';
import type { IdentityService } from './service.ts';

/**
 * Identity's plain HTTP routes:
 * - `GET /.well-known/jwks.json`: the public keys every token is checked with (the gateway serves
 *   it on its origin too);
 * - `POST /internal/project-token` with `x-api-key`: the gateway trades a key it was sent for a
 *   short-lived signed project token that subgraphs can verify without reading identity's tables.
 *   It proves nothing the key does not, so it needs no credential beyond the key.
 */
export function createIdentityRoutes(service: IdentityService) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<string | undefined> => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === '/.well-known/jwks.json' && req.method === 'GET') {
      const jwks = await service.keyRing.jwks();
      res.setHeader('cache-control', 'public, max-age=60');
      sendJson(res, 200, jwks, 'application/jwk-set+json');
      return path;
    }
    if (path === '/internal/project-token' && req.method === 'POST') {
      req.resume(); // no body expected; drain whatever came
      const key = req.headers['x-api-key'];
      const exchanged = typeof key === 'string' ? await service.projects.exchangeApiKey(key) : null;
      if (!exchanged) {
        sendJson(res, 401, { error: 'unknown or revoked API key' });
        return path;
      }
      sendJson(res, 200, {
        token: exchanged.token,
        expiresIn: exchanged.expiresIn,
        projectId: exchanged.projectId,
        keyKind: exchanged.kind,
        scopes: exchanged.scopes,
      });
      return path;
    }
    return undefined;
  };
}
