import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hasAdminSecret } from '../src/index.ts';

const request = (secret?: string | string[]) => ({ headers: secret === undefined ? {} : { 'x-admin-secret': secret } }) as unknown as IncomingMessage;
const secret = 'a'.repeat(40);

describe('the operator secret on internal routes', () => {
  it('is accepted only when it is exactly the configured one', () => {
    expect(hasAdminSecret(request(secret), secret)).toBe(true);
    expect(hasAdminSecret(request(`${secret}x`), secret)).toBe(false);
    expect(hasAdminSecret(request(secret.slice(1)), secret)).toBe(false);
    expect(hasAdminSecret(request(), secret)).toBe(false);
    expect(hasAdminSecret(request([secret, secret]), secret)).toBe(false);
  });

  it('opens nothing when no secret is configured, whatever is sent', () => {
    expect(hasAdminSecret(request(''), undefined)).toBe(false);
    expect(hasAdminSecret(request('anything'), undefined)).toBe(false);
  });
});
