import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasAdminSecret, readBody, sendJson } from '@fedbase/http';
import type { IdentityService } from './service.ts';

/**
 * Identity's plain HTTP routes:
 * - `GET /.well-known/jwks.json`: the public keys every token is checked with (the gateway serves
 *   it on its origin too);
 * - `POST /internal/project-token` with `x-api-key`: the gateway trades a key it was sent for a
 *   short-lived signed project token that subgraphs can verify without reading identity's tables.
 *   It proves nothing the key does not, so it needs no credential beyond the key.
 * - `POST /internal/first-project` with `x-admin-secret`, body `{ "name" }`: creates a project only
 *   when there is none (201 with its keys, shown this once; 200 `{ "created": false }` otherwise).
 *   `npm start` calls it on every start, so launchers starting at once make one first project.
 */
export function createIdentityRoutes(service: IdentityService, adminSecret: string | undefined) {
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
    if (path === '/internal/first-project' && req.method === 'POST') {
      if (!hasAdminSecret(req, adminSecret)) {
        req.resume();
        sendJson(res, 403, { error: 'send the operator secret in x-admin-secret' });
        return path;
      }
      let name = 'My project';
      try {
        const body = JSON.parse((await readBody(req, 4_096)).toString('utf8') || '{}') as { name?: unknown };
        if (typeof body.name === 'string') name = body.name;
      } catch {
        sendJson(res, 400, { error: 'send {"name": "..."} as JSON' });
        return path;
      }
      const created = await service.projects.createFirstProject(name);
      if (!created) sendJson(res, 200, { created: false });
      else sendJson(res, 201, { created: true, project: { id: created.project.id, name: created.project.name }, publishableKey: created.publishableKey, secretKey: created.secretKey });
      return path;
    }
    return undefined;
  };
}
