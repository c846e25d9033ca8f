import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Errors } from '@fedbase/errors';
import ipaddr from 'ipaddr.js';

export interface DestinationGuardOptions {
  /** Loopback, private and other non-public destinations are allowed (WEBHOOK_ALLOW_PRIVATE_NETWORKS). */
  allowPrivateNetworks: boolean;
}

const maxUrlLength = 2048;
const howToAllow = 'webhooks go to public addresses unless the deployment sets WEBHOOK_ALLOW_PRIVATE_NETWORKS=true';

/**
 * The range an address belongs to when it is not a public one (`loopback`, `private`, ...), else
 * null. Only globally routable unicast is public: the other ranges ipaddr.js names either reach
 * inside the deployment's network or embed an IPv4 address that may (6to4, NAT64, Teredo).
 */
function nonPublicRange(address: string): string | null {
  try {
    // `process` turns an IPv4-mapped IPv6 address (::ffff:127.0.0.1) into the IPv4 one it carries.
    const parsed = ipaddr.process(address);
    const range = parsed.range();
    if (range !== 'unicast') return range;
    // The deprecated IPv4-compatible form (::127.0.0.1), which ipaddr.js counts as unicast.
    return parsed instanceof ipaddr.IPv6 && parsed.parts.slice(0, 6).every((part) => part === 0) ? 'ipv4Compatible' : null;
  } catch {
    return 'unparseable';
  }
}

/**
 * Parses a webhook's destination and refuses what it must not reach: anything but http(s),
 * credentials in the URL, and, unless private networks are allowed, `localhost` and IP literals
 * outside public unicast. Host names are resolved only when connecting (`createGuardedLookup`),
 * because what a name resolves to can change after this check.
 */
export function assertDeliverableUrl(url: string, { allowPrivateNetworks }: DestinationGuardOptions): URL {
  const invalid = (message: string) => Errors.badUserInput(message, { field: 'url' });
  if (url.length > maxUrlLength) throw invalid(`A webhook URL is at most ${maxUrlLength} characters.`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(`${JSON.stringify(url.slice(0, 80))} is not a URL: give an absolute http:// or https:// URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw invalid(`Webhooks are sent over http:// or https://, not ${parsed.protocol}//.`);
  }
  if (parsed.username || parsed.password) {
    throw invalid('A webhook URL cannot carry a user name or password: receivers authenticate deliveries by their signature.');
  }
  if (allowPrivateNetworks) return parsed;
  // WHATWG URL has already normalised IPv4 literals (0x7f.1, 2130706433) to dotted decimal.
  const host = parsed.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  const range = host === 'localhost' || host.endsWith('.localhost') ? 'loopback' : isIP(host) ? nonPublicRange(host) : null;
  if (range) throw invalid(`${host} is a ${range} destination, which reaches inside your network: ${howToAllow}.`);
  return parsed;
}

/**
 * A `lookup` for `http.request` / `net.connect` that resolves like `dns.lookup` but fails the
 * connection when any address of the name is not public. Checking at connect time closes DNS
 * rebinding: a name that resolved to a public address when the webhook was created, and to
 * 127.0.0.1 now. Every address is checked, not just the first, because the connection may try them all.
 */
export function createGuardedLookup({ allowPrivateNetworks }: DestinationGuardOptions): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const refused = allowPrivateNetworks ? undefined : addresses.find((entry) => nonPublicRange(entry.address));
      if (refused) {
        const message = `${hostname} resolves to ${refused.address}, a ${nonPublicRange(refused.address)} address: ${howToAllow}`;
        return callback(Object.assign(new Error(message), { code: 'ERR_WEBHOOK_PRIVATE_ADDRESS' }), '');
      }
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
}
