import type { IncomingMessage } from 'node:http';

/**
 * The address a request came from, for per-IP limits (sign-in attempts). Behind load balancers
 * every connection comes from a balancer, so with `trustedProxyHops` > 0 the client is read from
 * `X-Forwarded-For`: the entry that many hops from the right, the one the nearest trusted proxy
 * saw. Entries further left are the client's to forge and are never used. Without hops (the
 * default), the header is ignored: a client reaching the gateway directly could name any address.
 */
export function clientIpOf(req: IncomingMessage, trustedProxyHops: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxyHops === 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const chain = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  // The peer is the last proxy; each trusted hop appended the address it was connected from.
  return chain[chain.length - trustedProxyHops] ?? chain[0] ?? peer;
}
