import { createHmac } from 'node:crypto';
import type { CallerKind, FuzzTargets } from './fuzz-targets.ts';
import type { Random } from './random.ts';

export type Header = readonly [name: string, value: string];

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Bearer tokens that must all be refused: alg none, HS256, tampered claims, expired, truncated, junk. */
export function forgedToken(random: Random, t: FuzzTargets): string {
  const [header = '', payload = '', signature = ''] = t.accessToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  switch (random.int(0, 9)) {
    case 0:
      return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    case 1: {
      const head = b64({ alg: 'HS256', typ: 'JWT' });
      const body = b64({ ...claims, roles: ['admin'] });
      return `${head}.${body}.${createHmac('sha256', t.publishableKey).update(`${head}.${body}`).digest('base64url')}`;
    }
    case 2:
      return `${header}.${b64({ ...claims, exp: now - 3_600, iat: now - 7_200 })}.${signature}`;
    case 3:
      return `${header}.${b64({ ...claims, sub: '00000000-0000-0000-0000-000000000000' })}.${signature}`;
    case 4:
      return `${header}.${payload}.${signature.slice(0, -2)}${random.string(2, 'ABCDEFabcdef0123')}`;
    case 5:
      return `${b64({ alg: 'EdDSA', kid: random.string(random.int(0, 300)), typ: random.pick(['JWT', 'at+jwt', 'x']) })}.${b64(random.chance(0.5) ? 'not json' : { exp: 'soon', aud: [1, 2], iss: null })}.${random.bytes(64).toString('base64url')}`;
    case 6:
      return t.accessToken.slice(0, random.int(0, t.accessToken.length - 1));
    case 7:
      return random.string(random.int(0, 200));
    case 8:
      return `${header}.${payload}`;
    default:
      return 'a.'.repeat(random.int(1, 2_000));
  }
}

/** The headers of a caller: usually the one the operation expects, sometimes another or a broken one. */
export function randomCredentials(random: Random, t: FuzzTargets, preferred: CallerKind): Header[] {
  const kind: CallerKind | 'garbage' = random.chance(0.75) ? preferred : random.pick(['anonymous', 'publishable', 'secret', 'user', 'admin', 'garbage']);
  switch (kind) {
    case 'anonymous':
      return [];
    case 'publishable':
      return [['x-api-key', t.publishableKey]];
    case 'secret':
      return [['x-api-key', t.secretKey]];
    case 'user':
      return [['x-api-key', t.publishableKey], ['authorization', `Bearer ${t.accessToken}`]];
    case 'admin':
      return [['x-admin-secret', t.adminSecret]];
    case 'garbage':
      return garbageCredentials(random, t);
  }
}

function garbageCredentials(random: Random, t: FuzzTargets): Header[] {
  const key = random.pick([t.publishableKey, t.secretKey, `${t.publishableKey}x`, 'fbpk_', 'fbsk_nope', random.string(random.int(1, 100)), 'x'.repeat(4_000), `${t.secretKey.slice(0, -1)}\t`]);
  const authorization = random.pick([`Bearer ${forgedToken(random, t)}`, `bearer ${t.accessToken}`, 'Bearer', 'Bearer ', `Basic ${b64('a:b')}`, `Bearer ${t.accessToken} ${t.accessToken}`, t.accessToken, `Bearer ${t.refreshToken}`]);
  const headers: Header[] = [];
  if (random.chance(0.8)) headers.push(['x-api-key', key]);
  if (random.chance(0.7)) headers.push(['authorization', authorization]);
  if (random.chance(0.2)) headers.push(['x-admin-secret', random.chance(0.5) ? `${t.adminSecret}x` : random.string(40)]);
  if (random.chance(0.2)) headers.push(['x-api-key', random.pick([t.publishableKey, t.secretKey, 'other'])]);
  if (random.chance(0.2)) headers.push(['authorization', `Bearer ${forgedToken(random, t)}`]);
  return headers;
}
