import { request } from 'node:http';
import { createSecretBox } from '@fedbase/secret-box';
import { createTestDatabase, startStack, type RunningStack, type StackProject, type TestDatabase } from '@fedbase/testing';
import type { ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { decodeProtectedHeader, generateKeyPair, importPKCS8, SignJWT, type JWK } from 'jose';
import WebSocket from 'ws';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, signUp, uniqueEmail } from '../../support/identity-client.ts';

// Who is calling, end to end, on PostgreSQL: keys, tokens (including forged ones signed with the
// project's real key, read from the database the way only an insider could), scopes and limits.
describe('who is calling, through the gateway', () => {
  let database: TestDatabase;
  let stack: RunningStack;
  let project: StackProject;
  let db: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    stack = await startStack({
      env: { DATABASE_URL: database.url, PASSWORD_HASH_COST: '10', AUTH_ATTEMPTS_PER_IP: '25', PROJECT_TOKEN_TTL_SECONDS: '5' },
    });
    if (!stack.firstProject) throw new Error('a fresh data directory should get a first project');
    project = stack.firstProject;
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
    await database?.drop();
  });

  /** Signs a token with the project's current private key, with whatever claims a forger likes. */
  const forge = async (claims: Record<string, unknown>, options: { typ?: string; exp?: number; nbf?: number; aud?: string; kid?: string } = {}) => {
    const { rows } = await db.query<{ kid: string; sealed_private: string }>(
      'SELECT kid, sealed_private FROM identity.signing_keys WHERE project_id = $1 AND retired_at IS NULL ORDER BY created_at DESC LIMIT 1',
      [project.projectId],
    );
    const row = rows[0];
    if (!row) throw new Error('no signing key');
    const privateKey = await importPKCS8(createSecretBox(stack.adminSecret, 'signing-keys').open(row.sealed_private), 'EdDSA');
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', typ: options.typ ?? 'at+jwt', kid: options.kid ?? row.kid })
      .setIssuer('fedbase')
      .setAudience(options.aud ?? project.projectId)
      .setIssuedAt(now - 60)
      .setNotBefore(options.nbf ?? now - 60)
      .setExpirationTime(options.exp ?? now + 600)
      .sign(privateKey);
  };

  it('creates a first project on a fresh data directory, with a publishable and a secret key', () => {
    expect(project.publishableKey).toMatch(/^fbpk_/);
    expect(project.secretKey).toMatch(/^fbsk_/);
  });

  it('stores API keys hashed, keeping only a prefix in clear', async () => {
    const { rows } = await db.query<{ prefix: string; key_hash: string }>('SELECT prefix, key_hash FROM identity.api_keys WHERE project_id = $1', [project.projectId]);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect([project.publishableKey, project.secretKey]).not.toContain(row.key_hash);
      expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(project.publishableKey.startsWith(row.prefix) || project.secretKey.startsWith(row.prefix)).toBe(true);
    }
  });

  it('names the project by its key', async () => {
    const response = await gql(stack.gatewayUrl, '{ project { id name } }', {}, { key: project.publishableKey });
    expect(response.body.data?.['project']).toEqual({ id: project.projectId, name: 'My project' });
  });

  it('refuses an unknown API key with 401 UNAUTHENTICATED', async () => {
    const response = await gql(stack.gatewayUrl, '{ project { id } }', {}, { key: `fbpk_${'x'.repeat(43)}` });
    expect(response.status).toBe(401);
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
  });

  it('creates a project only for the admin secret', async () => {
    const refused = await gql(stack.gatewayUrl, 'mutation { createProject(name: "Nope") { secretKey } }', {}, { headers: { 'x-admin-secret': 'fbadm_wrong-but-long-enough-to-look-plausible' } });
    expect(codes(refused)).toEqual(['UNAUTHENTICATED']);
    const created = await gql(stack.gatewayUrl, 'mutation { createProject(name: "Second") { project { id name } publishableKey secretKey } }', {}, { headers: { 'x-admin-secret': stack.adminSecret } });
    const keys = created.body.data?.['createProject'];
    expect(keys.project.name).toBe('Second');
    const seen = await gql(stack.gatewayUrl, '{ project { id } }', {}, { key: keys.secretKey });
    expect(seen.body.data?.['project'].id).toBe(keys.project.id);
  });

  it("keeps projects apart: one email in two projects, and a token of one refused by the other", async () => {
    const second = (await gql(stack.gatewayUrl, 'mutation { createProject(name: "Other") { project { id } publishableKey } }', {}, { headers: { 'x-admin-secret': stack.adminSecret } })).body.data?.['createProject'];
    const email = uniqueEmail('twice');
    const mine = await signUp(stack.gatewayUrl, project.publishableKey, email);
    const theirs = await signUp(stack.gatewayUrl, second.publishableKey, email);
    expect(mine.user.id).not.toBe(theirs.user.id);

    const crossed = await gql(stack.gatewayUrl, '{ me { id } }', {}, { key: second.publishableKey, token: mine.accessToken });
    expect(crossed.status).toBe(401);
    expect(crossed.body.errors?.[0]?.message).toMatch(/another project/);
  });

  it('refuses an access token sent without an API key', async () => {
    const session = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('keyless'));
    const response = await gql(stack.gatewayUrl, '{ me { id } }', {}, { token: session.accessToken });
    expect(response.status).toBe(401);
  });

  describe('refuses bad access tokens with 401', () => {
    let good: string;
    let userId: string;
    beforeAll(async () => {
      const session = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('tokens'));
      good = session.accessToken;
      userId = session.user.id;
    });

    const meWith = (token: string) => gql(stack.gatewayUrl, '{ me { id } }', {}, { key: project.publishableKey, token });

    it('accepts the genuine token (so the refusals below are about the token)', async () => {
      expect((await meWith(good)).body.data?.['me'].id).toBe(userId);
    });

    it('refuses a token whose payload was altered', async () => {
      const [header, payload, signature] = good.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const altered = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
      const response = await meWith(`${header}.${altered}.${signature}`);
      expect(response.status).toBe(401);
      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses alg "none"', async () => {
      const [, payload] = good.split('.') as [string, string];
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
      expect((await meWith(`${header}.${payload}.`)).status).toBe(401);
    });

    it('refuses HMAC signed with the public key (algorithm confusion)', async () => {
      const { kid } = decodeProtectedHeader(good);
      const jwks = (await (await fetch(`${stack.gatewayUrl}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
      const publicJwk = jwks.keys.find((key) => key.kid === kid);
      const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
      const [, payload] = good.split('.') as [string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const hmac = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid }).sign(secret);
      expect((await meWith(hmac)).status).toBe(401);
    });

    it('refuses a token naming a key id that does not exist', async () => {
      expect((await meWith(await forge({ sub: userId, sid: 'x', roles: [] }, { kid: 'no-such-kid' }))).status).toBe(401);
    });

    it('refuses an expired token, even one signed with the real key', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = await forge({ sub: userId, sid: 'x', roles: [] }, { exp: now - 60 });
      const response = await meWith(expired);
      expect(response.status).toBe(401);
      expect(response.body.errors?.[0]?.message).toMatch(/expired/);
    });

    it('refuses a token that is not valid yet', async () => {
      const now = Math.floor(Date.now() / 1000);
      expect((await meWith(await forge({ sub: userId, sid: 'x', roles: [] }, { nbf: now + 600 }))).status).toBe(401);
    });

    it('refuses a project token presented as an access token', async () => {
      expect((await meWith(await forge({ sub: userId, sid: 'x', roles: [] }, { typ: 'fedbase-project+jwt' }))).status).toBe(401);
    });

    it('accepts a well-formed token signed with the real key (the forging above is sound)', async () => {
      const token = await forge({ sub: userId, sid: '00000000-0000-0000-0000-000000000000', roles: [], anonymous: false });
      expect((await meWith(token)).body.data?.['me'].id).toBe(userId);
    });
  });

  it('publishes the public keys at /.well-known/jwks.json on the gateway, without private parts', async () => {
    const response = await fetch(`${stack.gatewayUrl}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: JWK[] };
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(key.d).toBeUndefined();
    }
  });

  it('rotates the signing key: new tokens use a new kid, old tokens keep working, both are published', async () => {
    const before = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('rotate'));
    const oldKid = decodeProtectedHeader(before.accessToken).kid;
    const rotated = await gql(stack.gatewayUrl, 'mutation { rotateSigningKey }', {}, { key: project.secretKey });
    expect(rotated.body.data?.['rotateSigningKey']).toBe(true);
    const after = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('rotate'));
    const newKid = decodeProtectedHeader(after.accessToken).kid;
    expect(newKid).not.toBe(oldKid);
    const kids = ((await (await fetch(`${stack.gatewayUrl}/.well-known/jwks.json`)).json()) as { keys: JWK[] }).keys.map((key) => key.kid);
    expect(kids).toEqual(expect.arrayContaining([oldKid, newKid]));
    for (const session of [before, after]) {
      const me = await gql(stack.gatewayUrl, '{ me { id } }', {}, { key: project.publishableKey, token: session.accessToken });
      expect(me.body.data?.['me'].id).toBe(session.user.id);
    }
  });

  it('keeps the signing keys sealed at rest', async () => {
    const { rows } = await db.query<{ sealed_private: string }>('SELECT sealed_private FROM identity.signing_keys');
    for (const row of rows) {
      expect(row.sealed_private).toMatch(/^v1\./);
      expect(row.sealed_private).not.toContain('PRIVATE KEY');
    }
  });

  describe('API keys and scopes', () => {
    it('lets the secret key create, list and revoke keys; a revoked key stops working', async () => {
      const created = await gql(stack.gatewayUrl, 'mutation { createApiKey(name: "mobile", kind: PUBLISHABLE, scopes: ["files:read"]) { key apiKey { id name kind prefix scopes revokedAt } } }', {}, { key: project.secretKey });
      const { key, apiKey } = created.body.data?.['createApiKey'];
      expect(apiKey).toMatchObject({ name: 'mobile', kind: 'PUBLISHABLE', scopes: ['files:read'], revokedAt: null });
      expect(key.startsWith(apiKey.prefix)).toBe(true);
      expect((await gql(stack.gatewayUrl, '{ project { id } }', {}, { key })).body.data?.['project'].id).toBe(project.projectId);

      const listed = await gql(stack.gatewayUrl, '{ apiKeys { id prefix } }', {}, { key: project.secretKey });
      expect(listed.body.data?.['apiKeys'].map((k: { id: string }) => k.id)).toContain(apiKey.id);
      expect(JSON.stringify(listed.body)).not.toContain(key);

      await gql(stack.gatewayUrl, 'mutation ($id: ID!) { revokeApiKey(id: $id) }', { id: apiKey.id }, { key: project.secretKey });
      // The gateway trusts a verified key for the project token's lifetime (5 s here, 60 s by default).
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      expect((await gql(stack.gatewayUrl, '{ project { id } }', {}, { key })).status).toBe(401);
    });

    it('refuses secret-key operations to a publishable key with FORBIDDEN', async () => {
      const response = await gql(stack.gatewayUrl, '{ apiKeys { id } }', {}, { key: project.publishableKey });
      expect(codes(response)).toEqual(['FORBIDDEN']);
    });

    it('refuses to give a publishable key an admin scope', async () => {
      const response = await gql(stack.gatewayUrl, 'mutation { createApiKey(name: "bad", kind: PUBLISHABLE, scopes: ["project:admin"]) { key } }', {}, { key: project.secretKey });
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    });

    it('holds a restricted secret key to its scopes (@requiresScopes)', async () => {
      const created = await gql(stack.gatewayUrl, 'mutation { createApiKey(name: "files only", kind: SECRET, scopes: ["files:write"]) { key } }', {}, { key: project.secretKey });
      const restricted = created.body.data?.['createApiKey'].key as string;
      const response = await gql(stack.gatewayUrl, '{ apiKeys { id } }', {}, { key: restricted });
      expect(codes(response)).toEqual(['FORBIDDEN']);
      expect(response.body.errors?.[0]?.message).toMatch(/project:admin/);
    });

    it('answers a field the caller may not see with null and an error, and the rest of the response (@authenticated)', async () => {
      const response = await gql(stack.gatewayUrl, '{ project { id } currentSession { id } }', {}, { key: project.publishableKey });
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ project: { id: project.projectId }, currentSession: null });
      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.body.errors?.[0]?.path).toEqual(['currentSession']);
    });
  });

  it('sets user roles with the secret key; the next token carries them', async () => {
    const session = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('roles'));
    const set = await gql(stack.gatewayUrl, 'mutation ($id: ID!) { setUserRoles(userId: $id, roles: ["editor"]) { id roles } }', { id: session.user.id }, { key: project.secretKey });
    expect(set.body.data?.['setUserRoles'].roles).toEqual(['editor']);
    const refreshed = await gql(stack.gatewayUrl, 'mutation ($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: session.refreshToken }, { key: project.publishableKey });
    const claims = JSON.parse(Buffer.from(refreshed.body.data?.['refreshSession'].accessToken.split('.')[1], 'base64url').toString());
    expect(claims.roles).toEqual(['editor']);
  });

  it('writes identity.user.created and identity.session.revoked to the outbox with the change', async () => {
    const session = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('outbox'));
    await gql(stack.gatewayUrl, 'mutation { signOut }', {}, { key: project.publishableKey, token: session.accessToken });
    const { rows } = await db.query<{ topic: string }>('SELECT topic FROM identity.outbox WHERE aggregate_id IN ($1, $2) ORDER BY id', [session.user.id, JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString()).sid]);
    expect(rows.map((row) => row.topic)).toEqual(['identity.user.created', 'identity.session.revoked']);
  });

  describe('every subgraph verifies the caller again', () => {
    const currentPlan = (headers: Record<string, string>) =>
      fetch(stack.urls['billing']!, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ currentPlan { id } }' }) });

    it('ignores an API key sent straight to a subgraph: no verified project, no data', async () => {
      const response = await currentPlan({ 'x-api-key': project.secretKey });
      const body = (await response.json()) as { data: unknown; errors: { extensions: { code: string } }[] };
      expect(body.data).toBeNull();
      expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a project token signed by anyone but identity with 401', async () => {
      const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      const forged = await new SignJWT({ kind: 'secret', scopes: [] })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'fedbase-project+jwt', kid: 'attacker' })
        .setIssuer('fedbase').setAudience(project.projectId).setSubject('k').setExpirationTime('5m').sign(privateKey);
      expect((await currentPlan({ 'x-fedbase-project-token': forged })).status).toBe(401);
    });

    it("accepts identity's project token, which is what the gateway forwards", async () => {
      const identity = new URL(stack.urls['identity']!);
      const exchanged = await fetch(`${identity.origin}/internal/project-token`, { method: 'POST', headers: { 'x-api-key': project.secretKey } });
      const { token } = (await exchanged.json()) as { token: string };
      const body = (await (await currentPlan({ 'x-fedbase-project-token': token })).json()) as { data: { currentPlan: { id: string } } };
      expect(body.data.currentPlan.id).toBe('unlimited'); // startStack's catalogue
    });
  });

  describe('over graphql-ws', () => {
    const connect = (connectionParams: Record<string, string>) =>
      createClient({ url: `${stack.gatewayUrl.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
    const run = (client: Client, query: string) =>
      new Promise<ExecutionResult>((resolve, reject) => {
        let result: ExecutionResult | undefined;
        client.subscribe({ query }, { next: (value) => (result = value as ExecutionResult), error: reject, complete: () => resolve(result!) });
      });

    it('takes the key and the token from connectionParams', async () => {
      const session = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('socket'));
      const client = connect({ 'x-api-key': project.publishableKey, authorization: `Bearer ${session.accessToken}` });
      try {
        expect((await run(client, '{ me { id } }')).data).toEqual({ me: { id: session.user.id } });
      } finally {
        await client.dispose();
      }
    });

    it('closes a connection with an unknown key with 4403 Forbidden', async () => {
      const client = connect({ 'x-api-key': `fbsk_${'y'.repeat(43)}` });
      try {
        await expect(run(client, '{ project { id } }')).rejects.toMatchObject({ code: 4403 });
      } finally {
        await client.dispose();
      }
    });
  });

  it('throttles sign-in attempts from one IP address with 429 and Retry-After', async () => {
    // From 127.0.0.3, so the other tests' attempts (from 127.0.0.1) do not count.
    const attempt = () =>
      new Promise<{ status: number; retryAfter: string | undefined; body: string }>((resolve, reject) => {
        const body = JSON.stringify({ query: `mutation { signIn(email: "${uniqueEmail('ip')}", password: "wrong password!") { accessToken } }` });
        const url = new URL(`${stack.gatewayUrl}/graphql`);
        const req = request({ host: url.hostname, port: url.port, path: '/graphql', method: 'POST', localAddress: '127.0.0.3', headers: { 'content-type': 'application/json', 'x-api-key': project.publishableKey } }, (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body: text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await attempt()).status);
    expect(statuses.every((status) => status === 401 || status === 200)).toBe(true);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('RATE_LIMITED');
  });
});
