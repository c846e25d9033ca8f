import type { FuzzRequest } from './fuzz-request.ts';
import type { FuzzTargets } from './fuzz-targets.ts';
import { randomCredentials, type Header } from './random-credentials.ts';
import type { Random } from './random.ts';

const oddNames = ['posts', 'nope', 'a', 'A', '_x', '..', '%2e%2e', 'posts%00', 'x'.repeat(70), '%E2%82%AC', 'posts/..', '', ' ', '%20', 'posts;drop', '__proto__', '1abc'];
const unknownPaths = [
  '/', '/..', '/../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/graphql/../readyz', '/files/../../x', '/%00', '/graphql%00', '/dashboard/%00',
  '/dashboard/../../../../etc/passwd', '/dashboard/%2e%2e%2f%2e%2e%2fpackage.json', '/explorer/..%2f..%2fpackage.json', '/explorer/%00.js',
  '/dashboard/assets/x.js', '/dashboard/index.html', '/dashboard', '/dashboard/', '/explorer/', '/internal/usage?projectId=x&period=2026-11',
  '/internal/project-token', '/metrics?x=%ZZ', '/healthz/', '/readyz', '/slis', '/slis?window=%00', '//graphql', '/\u00e9', '/files/upload/', '/files/download/',
  '/data/collections/', '/data/collections/posts', '/data/collections/posts/export/x', '/files/upload/a/b', '/.well-known/jwks.json', '/.well-known/jwks.json/x',
];

function garbageToken(random: Random, t: FuzzTargets): string {
  const real = t.uploadPath.slice('/files/upload/'.length);
  switch (random.int(0, 5)) {
    case 0:
      return real;
    case 1:
      return real.slice(0, random.int(0, real.length - 1));
    case 2: {
      const at = random.int(0, real.length - 1);
      return `${real.slice(0, at)}${random.string(1, 'abcXYZ019-_')}${real.slice(at + 1)}`;
    }
    case 3:
      return encodeURIComponent(random.string(random.int(1, 300)));
    case 4:
      return random.pick(['%00', '..', '%2e%2e', '%ff%fe', 'x'.repeat(4_000), '.', '~', '%']);
    default:
      return random.bytes(random.int(1, 64)).toString('base64url');
  }
}

function ndjson(random: Random): Buffer {
  const lines = Array.from({ length: random.int(0, 20) }, () =>
    random.pick([
      '{"data":{"title":"ok","score":1}}', '{"data":{"title":5}}', '{"data":null}', '{"id":"x","data":{}}', '{"id":"00000000-0000-0000-0000-000000000000","data":{"title":"t"}}',
      '[]', '', 'null', '{', 'not json', '"string"', '{"data":{"title":"t","score":"NaN"}}', '{"data":{"title":"t","score":1e309}}', random.string(random.int(0, 100)),
      `{"data":{"title":"${'x'.repeat(random.int(1, 50_000))}"}}`, '{"data":{"title":"t"},"createdAt":"yesterday"}', '{"data":{"title":"t"},"ownerId":"not-a-uuid"}',
    ]),
  );
  const text = lines.join(random.pick(['\n', '\r\n', '\r', '\n\n']));
  return random.chance(0.1) ? Buffer.concat([Buffer.from(text), random.bytes(20)]) : Buffer.from(text);
}

/** Every other route: file bytes, NDJSON export and import, JWKS, probes, dashboard, unknown paths. */
export function randomRouteRequest(random: Random, t: FuzzTargets): FuzzRequest {
  const credentials: Header[] = randomCredentials(random, t, random.pick(['secret', 'secret', 'publishable', 'user', 'anonymous', 'admin']));
  const oddMethod = () => random.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
  switch (random.int(0, 4)) {
    case 0: {
      const method = random.chance(0.7) ? 'PUT' : oddMethod();
      const headers: Header[] = [['content-type', random.pick(['image/png', 'image/jpeg', 'text/plain', 'application/octet-stream', '', 'image/png; charset=x', 'x'])]];
      return { kind: 'files upload', method, path: `/files/upload/${garbageToken(random, t)}`, headers: [...headers, ...credentials], body: random.bytes(random.pick([0, 1, 100, 52_133, 60_000])) };
    }
    case 1: {
      const headers: Header[] = [];
      if (random.chance(0.4)) headers.push(['range', random.pick(['bytes=0-10', 'bytes=-5', 'bytes=5-1', 'bytes=0-0,2-3', 'bytes=999999999-', 'items=1-2', 'bytes=abc', 'bytes=-0'])]);
      if (random.chance(0.2)) headers.push(['if-none-match', random.pick(['*', '"x"', 'W/"y"', ''])]);
      const query = random.pick(['', '?download', '?download=%00', '?x=%ZZ']);
      return { kind: 'files download', method: random.chance(0.8) ? random.pick(['GET', 'HEAD']) : oddMethod(), path: `/files/download/${garbageToken(random, t)}${query}`, headers: [...headers, ...credentials] };
    }
    case 2: {
      const name = random.chance(0.5) ? t.collection : random.pick(oddNames);
      if (random.chance(0.5)) return { kind: 'data export', method: random.chance(0.8) ? 'GET' : oddMethod(), path: `/data/collections/${name}/export`, headers: credentials };
      const query = random.pick(['', '?ids=new', '?ids=old', '?ids=%00']);
      return { kind: 'data import', method: random.chance(0.85) ? 'POST' : oddMethod(), path: `/data/collections/${name}/import${query}`, headers: [['content-type', random.pick(['application/x-ndjson', 'application/json', 'text/plain'])], ...credentials], body: ndjson(random) };
    }
    case 3: {
      const path = random.chance(0.8) ? random.pick(unknownPaths) : `/${'a/'.repeat(random.int(100, 3_000))}`;
      return { kind: 'other route', method: random.chance(0.8) ? 'GET' : oddMethod(), path, headers: random.chance(0.5) ? [['x-admin-secret', random.chance(0.3) ? t.adminSecret : random.string(40)], ...credentials] : credentials };
    }
    default:
      return { kind: 'other route', method: random.pick(['GET', 'GET', 'HEAD', 'POST']), path: random.pick(['/.well-known/jwks.json', '/readyz', '/healthz', '/metrics', '/slis', '/dashboard']), headers: credentials };
  }
}
