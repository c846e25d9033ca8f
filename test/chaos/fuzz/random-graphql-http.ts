import type { FuzzRequest } from './fuzz-request.ts';
import type { FuzzTargets } from './fuzz-targets.ts';
import { randomCredentials, type Header } from './random-credentials.ts';
import type { Random } from './random.ts';
import { deepObject, wrongValue } from './wrong-value.ts';

const contentTypes = [
  'application/json', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'APPLICATION/JSON', 'application/json;;;',
  'application/graphql', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'application/jsonx',
  'application/graphql-response+json; charset=utf-8', '', '*/*', 'é', 'application/json, text/plain',
];

/** Bodies a GraphQL endpoint must refuse clearly: bytes, broken or mis-shaped JSON, bad encodings. */
function badBody(random: Random): Buffer {
  const valid = JSON.stringify({ query: '{ __typename }', variables: { a: 1 } });
  switch (random.int(0, 9)) {
    case 0:
      return random.bytes(random.int(0, 2_000));
    case 1:
      return Buffer.from(valid.slice(0, random.int(0, valid.length - 1)));
    case 2:
      return Buffer.from(JSON.stringify(random.pick<unknown>([
        { query: 5 }, { query: null }, { query: ['{ me { id } }'] }, { query: { a: 1 } }, { query: '{ __typename }', variables: 'x' },
        { query: '{ __typename }', variables: [1, 2] }, { query: '{ __typename }', operationName: 7 }, { query: '{ __typename }', extensions: 'x' },
        { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }, { extensions: { persistedQuery: { version: 'x' } } },
        [], [{ query: '{ __typename }' }, { query: '{ me { id } }' }], null, 'query', 42, true, {}, { variables: { a: null } },
        { query: '{ __typename }', variables: { a: { b: null, c: [null, { d: null }] } } }, { query: '{ __typename }', variables: deepObject(500) },
        JSON.parse('{"query":"{ __typename }","__proto__":{"polluted":true}}'), { query: '{ __typename }', variables: wrongValue(random) },
      ])));
    case 3:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid)]);
    case 4:
      return Buffer.concat([Buffer.from(valid.slice(0, 10)), Buffer.from(random.pick([[0xc3, 0x28], [0xff, 0xfe], [0xed, 0xa0, 0x80], [0xf0, 0x28, 0x8c]])), Buffer.from(valid.slice(10))]);
    case 5:
      return Buffer.from(valid, 'utf16le');
    case 6:
      return Buffer.from(`${valid}${valid}`);
    case 7:
      return Buffer.from(`{"query": "${'\\u0000'.repeat(random.int(1, 50))}"}`);
    case 8:
      return Buffer.from(`query=${encodeURIComponent('{ __typename }')}`);
    default:
      return Buffer.from(`${'['.repeat(random.int(1_000, 100_000))}`);
  }
}

const oddSearches = [
  '?query=%ZZ', '?query=%E0%A4%A', '?query=%C3%28', '?query[]=a', '?query=a&query=b', '?query={__typename}&variables=notjson',
  '?query={__typename}&variables=[1]', '?query={__typename}&extensions=%7B', '?query=mutation{signInAnonymously{accessToken}}', '?',
  '?query=', `?query=${'%7B'.repeat(3_000)}`, '?query={__typename}&operationName=%00', '?%00=%00', '?query=%2B%2B%2B', '?query=\u00e9',
];

/** /graphql with a bad body, method, query string, content type or headers. */
export function randomGraphqlHttp(random: Random, t: FuzzTargets): FuzzRequest {
  const credentials = randomCredentials(random, t, random.pick(['anonymous', 'publishable', 'secret', 'user']));
  const extra: Header[] = [];
  if (random.chance(0.2)) extra.push([random.pick(['x-fuzz', 'cookie', 'x-request-id', 'user-agent', 'traceparent']), 'v'.repeat(random.int(1_000, 12_000))]);
  if (random.chance(0.2)) extra.push(['accept', random.pick(['text/html', 'application/graphql-response+json', 'text/event-stream', 'multipart/mixed', 'image/png', '*/*;q=0', ''])]);
  if (random.chance(0.1)) extra.push(['content-type', random.pick(contentTypes)]);
  if (random.chance(0.1)) extra.push(['x-request-id', random.pick(['', '\u00ff', 'a'.repeat(500), '../../', 'id-1'])]);
  if (random.chance(0.1)) extra.push(['traceparent', random.pick(['00-' + 'f'.repeat(32) + '-' + 'f'.repeat(16) + '-01', 'garbage', '00-0-0-0'])]);
  if (random.chance(0.1)) extra.push(['apollo-require-preflight', 'true'], ['x-apollo-operation-name', random.string(10)]);
  const method = random.chance(0.75) ? random.pick(['POST', 'POST', 'GET']) : random.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'FUZZ', 'PROPFIND']);
  if (method === 'GET' || method === 'HEAD') {
    const search = random.chance(0.7) ? random.pick(oddSearches) : `?query=${encodeURIComponent(random.string(random.int(0, 200)))}`;
    return { kind: 'graphql http GET', method, path: `/graphql${search}`, headers: [...credentials, ...extra] };
  }
  return {
    kind: `graphql http ${method === 'POST' ? 'body' : 'method'}`,
    method,
    path: random.pick(['/graphql', '/graphql', '/graphql/', '/GraphQL', '/graphql?query={__typename}']),
    headers: [['content-type', random.pick(contentTypes)], ...credentials, ...extra],
    body: badBody(random),
  };
}
