import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { maskError } from '@fedbase/errors';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleGraphQLRequest } from '../src/index.ts';

// An Apollo Server that, like @apollo/gateway, refuses a document without the operation the
// request names by throwing before execution (an error with no HTTP status of its own).
describe('handleGraphQLRequest', () => {
  let server: Server;
  let apollo: ApolloServer;
  let url: string;

  beforeAll(async () => {
    apollo = new ApolloServer({
      typeDefs: 'type Query { hello: String long: String }',
      resolvers: { Query: { hello: () => 'world', long: () => 'federation '.repeat(500) } },
      formatError: maskError,
      // As in the gateway: credentials travel in headers only, so a plain GET must work.
      csrfPrevention: false,
      plugins: [
        {
          async requestDidStart() {
            return {
              async didResolveOperation({ operation, request }) {
                if (!operation) throw new GraphQLError(`Unknown operation named "${request.operationName}".`, { extensions: { code: 'INVALID_GRAPHQL' } });
              },
            };
          },
        },
      ],
    });
    await apollo.start();
    server = createServer((req, res) => void handleGraphQLRequest(apollo, req, res, { context: async () => ({}) }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await apollo.stop();
  });

  const post = (body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('compresses an answer of 1 KiB or more only when the client asks, in the encoding it prefers', async () => {
    // fetch itself asks for gzip and deflate unless told otherwise, so every case names its encodings.
    const ask = (acceptEncoding: string, query: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': acceptEncoding }, body: JSON.stringify({ query }) });
    const expected = { data: { long: 'federation '.repeat(500) } };
    for (const [acceptEncoding, encoding] of [['gzip', 'gzip'], ['br;q=1, gzip;q=0.5', 'br'], ['gzip;q=0, deflate', null], ['identity', null]] as const) {
      const response = await ask(acceptEncoding, '{ long }');
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('vary')).toBe('accept-encoding');
      expect(await response.json()).toEqual(expected); // fetch decodes what it asked for
    }
    const small = await ask('gzip', '{ hello }');
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.json()).toEqual({ data: { hello: 'world' } });
  });

  it('answers an operationName that names no operation of the document with 400 BAD_USER_INPUT, not 500', async () => {
    const response = await post({ query: 'query A { hello }', operationName: 'B' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message: 'Unknown operation named "B".', extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_GRAPHQL' } }] });
  });

  it('keeps 500 for a refusal that is our own failure', async () => {
    const failing = new ApolloServer({
      typeDefs: 'type Query { hello: String }',
      formatError: maskError,
      plugins: [{ async requestDidStart() { return { async didResolveOperation() { throw new Error('the database is gone'); } }; } }],
    });
    await failing.start();
    const own = createServer((req, res) => void handleGraphQLRequest(failing, req, res, { context: async () => ({}) }));
    await new Promise<void>((resolve) => own.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(own.address() as AddressInfo).port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ hello }"}' });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'INTERNAL' } }] });
    await new Promise((resolve) => own.close(resolve));
    await failing.stop();
  });

  it('reads an empty operationName as none, in a POST body and in a GET query string', async () => {
    const posted = await post({ query: '{ hello }', operationName: '' });
    expect(posted.status).toBe(200);
    expect(await posted.json()).toEqual({ data: { hello: 'world' } });
    const got = await fetch(`${url}?query=${encodeURIComponent('{ hello }')}&operationName=`, { headers: { accept: 'application/json' } });
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual({ data: { hello: 'world' } });
  });

  it('runs the operation the request names', async () => {
    const response = await post({ query: 'query A { hello } query B { __typename }', operationName: 'A' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { hello: 'world' } });
  });
});
