import { createCallerVerifier, projectTokenHeader } from '@fedbase/context';
import { openDatabase, type Database } from '@fedbase/db';
import { createRateLimiter } from '@fedbase/rate-limit';
import { readSubgraphSdl } from '@fedbase/schema';
import { startSubgraphServer, type RunningSubgraph } from '@fedbase/subgraph-server';
import { createLogger } from '@fedbase/telemetry';
import { createTestDatabase, type TestDatabase } from '@fedbase/testing';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityResolvers, createIdentityRoutes, createIdentityService, parseIdentityConfig, type IdentityService } from '../src/index.ts';
import { createDevMailboxMailer } from '../src/mail/create-dev-mailbox-mailer.ts';

// User is the entity other subgraphs point at (Document.owner, File.owner): the gateway resolves
// those references with `_entities` here. This asks the real identity server as the gateway would.
describe('the User entity', () => {
  let testDatabase: TestDatabase;
  let db: Database;
  let service: IdentityService;
  let server: RunningSubgraph;
  let lookups = 0;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    db = await openDatabase({ subgraph: 'identity', databaseUrl: testDatabase.url, dataDir: '' });
    service = createIdentityService({
      db,
      config: parseIdentityConfig({ ADMIN_SECRET: 'test-admin-secret-that-is-long-enough-0123456789', PASSWORD_HASH_COST: '10' }),
      tokenIssuer: 'fedbase',
      limiter: createRateLimiter({}),
      mailer: createDevMailboxMailer(async () => {}),
      mailIsLocal: true,
      logger: createLogger({ service: 'identity-test', level: 'silent' }),
    });
    const findUsers = service.accounts.findUsers;
    service.accounts.findUsers = (projectId, ids) => {
      lookups += 1;
      return findUsers(projectId, ids);
    };
    server = await startSubgraphServer({
      name: 'identity',
      typeDefs: parse(readSubgraphSdl('identity')),
      resolvers: createIdentityResolvers(service),
      routes: createIdentityRoutes(service, undefined),
      callerVerifier: createCallerVerifier({ keys: service.keyRing.getKey, issuer: 'fedbase' }),
      logger: createLogger({ service: 'identity', level: 'silent' }),
    });
  });

  afterAll(async () => {
    await server?.close();
    await db?.close();
    await testDatabase?.drop();
  });

  const projectToken = async (key: string) => {
    const response = await fetch(new URL('/internal/project-token', server.url), { method: 'POST', headers: { 'x-api-key': key } });
    return ((await response.json()) as { token: string }).token;
  };
  const entities = async (token: string, ids: string[]) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [projectTokenHeader]: token },
      body: JSON.stringify({
        query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } } }',
        variables: { r: ids.map((id) => ({ __typename: 'User', id })) },
      }),
    });
    return ((await response.json()) as { data: { _entities: ({ id: string; email: string } | null)[] } }).data._entities;
  };

  it('resolves 50 user references in one lookup, in order, and none of another project', async () => {
    const mine = await service.projects.createProject('Mine');
    const theirs = await service.projects.createProject('Theirs');
    const users = await Promise.all(Array.from({ length: 49 }, () => service.auth.signInAnonymously(mine.project.id, {})));
    const stranger = await service.auth.signUp(theirs.project.id, { email: 'stranger@example.com', password: 'correct horse battery staple' });
    const ids = [...users.map((session) => session.user.id), stranger.user.id];

    lookups = 0;
    const resolved = await entities(await projectToken(mine.publishableKey), ids);
    expect(lookups).toBe(1);
    expect(resolved.slice(0, 49).map((user) => user?.id)).toEqual(ids.slice(0, 49));
    expect(resolved[49]).toBeNull();
  });

  it('refuses the lookup without a verified project', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _entities(representations: [{ __typename: "User", id: "x" }]) { ... on User { id } } }' }),
    });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});
