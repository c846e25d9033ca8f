import type { IncomingMessage } from 'node:http';
import { expect, it } from 'vitest';
import { clientIpOf } from './client-ip.ts';

const request = (remoteAddress: string, forwardedFor?: string | string[]) =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

it('uses the connection\'s address and ignores X-Forwarded-For unless proxies are trusted', () => {
  expect(clientIpOf(request('203.0.113.7', '10.9.9.9'), 0)).toBe('203.0.113.7');
});

it('takes the address the nearest trusted proxy saw, not what the client wrote further left', () => {
  // The client forged "1.1.1.1"; the balancer appended the address it was connected from.
  expect(clientIpOf(request('10.0.0.2', '1.1.1.1, 198.51.100.4'), 1)).toBe('198.51.100.4');
  // Two trusted hops: a CDN, then the balancer.
  expect(clientIpOf(request('10.0.0.2', ['1.1.1.1, 198.51.100.4', '172.16.0.9']), 2)).toBe('198.51.100.4');
});

it('falls back to the leftmost entry or the peer when the header is shorter than the trusted hops', () => {
  expect(clientIpOf(request('10.0.0.2', '198.51.100.4'), 2)).toBe('198.51.100.4');
  expect(clientIpOf(request('10.0.0.2'), 1)).toBe('10.0.0.2');
});
