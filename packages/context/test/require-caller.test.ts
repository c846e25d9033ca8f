import { describe, expect, it } from 'vitest';
import { createRequestContext, requireProject, requireSecretKey, requireUser, type RequestContext } from '../src/index.ts';

const withProject = (keyKind: 'publishable' | 'secret'): RequestContext => ({ requestId: 'r', project: { id: 'p1', keyKind, apiKeyId: 'k1', scopes: [] }, user: null });

describe('the request context', () => {
  it('never takes the project or user from unverified headers', () => {
    const context = createRequestContext({ 'x-api-key': 'pk_anything', authorization: 'Bearer forged' });
    expect(context.project).toBeNull();
    expect(context.user).toBeNull();
  });

  it("keeps a sane x-request-id and replaces an insane one", () => {
    expect(createRequestContext({ 'x-request-id': 'abc-123' }).requestId).toBe('abc-123');
    expect(createRequestContext({ 'x-request-id': 'a b\n<script>' }).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a request without a project as UNAUTHENTICATED', () => {
    expect(() => requireProject(createRequestContext({}))).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });

  it('refuses a publishable key where the secret key is needed', () => {
    expect(() => requireSecretKey(withProject('publishable'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(requireSecretKey(withProject('secret')).id).toBe('p1');
  });

  it('asks for a sign-in when there is a project but no user', () => {
    expect(() => requireUser(withProject('publishable'))).toThrow(/Sign in first/);
  });
});
