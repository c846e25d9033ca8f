import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { assertDeliverableUrl, createGuardedLookup } from '../../src/webhooks/index.ts';

function resolve(lookup: ReturnType<typeof createGuardedLookup>, hostname: string, all: boolean) {
  return new Promise<{ address: string | LookupAddress[]; family?: number | undefined }>((done, fail) =>
    lookup(hostname, { all }, (error, address, family) => (error ? fail(error) : done({ address, family }))),
  );
}

describe('the destination guard', () => {
  it.each([
    'https://example.com/hooks?token=abc',
    'http://93.184.216.34:8080/',
    'https://[2606:4700:4700::1111]/hook',
    'https://internal.example.com/', // a name: checked when connecting, not here
  ])('accepts the public destination %s', (url) => {
    expect(assertDeliverableUrl(url, { allowPrivateNetworks: false })).toBeInstanceOf(URL);
  });

  it.each([
    ['http://127.0.0.1:4000/hook', 'loopback'],
    ['http://localhost:4000/', 'loopback'],
    ['http://LOCALHOST./', 'loopback'],
    ['http://api.localhost/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[::ffff:10.0.0.1]/', 'private'],
    ['http://10.1.2.3/', 'private'],
    ['http://172.16.5.4/', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['http://[fe80::1]/', 'linkLocal'],
    ['http://[fd12:3456::1]/', 'uniqueLocal'],
    ['http://100.64.0.1/', 'carrierGradeNat'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://240.0.0.1/', 'reserved'],
    ['http://[2002:7f00:1::]/', '6to4'],
    ['http://[64:ff9b::7f00:1]/', 'rfc6052'],
    ['http://[::127.0.0.1]/', 'ipv4Compatible'],
    ['http://[2001:db8::1]/', 'reserved'],
  ])('refuses %s as a %s destination, saying how to allow it', (url, range) => {
    expect(() => assertDeliverableUrl(url, { allowPrivateNetworks: false })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringMatching(new RegExp(`a ${range} destination.*WEBHOOK_ALLOW_PRIVATE_NETWORKS=true`)) }),
    );
  });

  it('lets private destinations through when the deployment allows them', () => {
    expect(assertDeliverableUrl('http://127.0.0.1:4000/hook', { allowPrivateNetworks: true }).port).toBe('4000');
    expect(assertDeliverableUrl('http://localhost/', { allowPrivateNetworks: true }).hostname).toBe('localhost');
  });

  it.each([
    ['not a url', /not a URL/],
    ['/relative/path', /not a URL/],
    ['ftp://example.com/', /http:\/\/ or https:\/\/, not ftp:/],
    ['file:///etc/passwd', /not file:/],
    ['https://user:pass@example.com/', /user name or password/],
    [`https://example.com/${'a'.repeat(2048)}`, /at most 2048/],
  ])('refuses %s whatever the deployment allows', (url, message) => {
    expect(() => assertDeliverableUrl(url, { allowPrivateNetworks: true })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringMatching(message) }));
  });

  it('fails the connection to a name that resolves to a loopback address', async () => {
    const lookup = createGuardedLookup({ allowPrivateNetworks: false });
    for (const all of [true, false]) {
      await expect(resolve(lookup, 'localhost', all)).rejects.toMatchObject({
        code: 'ERR_WEBHOOK_PRIVATE_ADDRESS',
        message: expect.stringMatching(/localhost resolves to 127\.0\.0\.1, a loopback address.*WEBHOOK_ALLOW_PRIVATE_NETWORKS=true/),
      });
    }
  });

  it('resolves such a name as dns.lookup does when private networks are allowed, in both callback forms', async () => {
    const lookup = createGuardedLookup({ allowPrivateNetworks: true });
    expect(await resolve(lookup, 'localhost', false)).toEqual({ address: '127.0.0.1', family: 4 });
    expect((await resolve(lookup, 'localhost', true)).address).toContainEqual({ address: '127.0.0.1', family: 4 });
  });

  it('passes on resolution failures', async () => {
    await expect(resolve(createGuardedLookup({ allowPrivateNetworks: false }), 'no-such-host.invalid', false)).rejects.toMatchObject({ code: expect.stringMatching(/ENOTFOUND|EAI_AGAIN/) });
  });
});
