import { readFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { Errors, maskError, renderErrorDocs } from '../src/index.ts';

describe('maskError', () => {
  it('passes a coded Fedbase error through with its message and details', () => {
    const error = Errors.badUserInput('title must be a string', { field: 'title' });
    expect(maskError(error.toJSON(), error)).toEqual({ message: 'title must be a string', extensions: { code: 'BAD_USER_INPUT', field: 'title' } });
  });

  it('hides an unexpected error behind INTERNAL without its message', () => {
    const error = new GraphQLError('relation "documents" does not exist at character 15', { path: ['documents'] });
    const masked = maskError(error.toJSON(), error);
    expect(masked.extensions).toEqual({ code: 'INTERNAL' });
    expect(masked.message).not.toMatch(/relation/);
    expect(masked.path).toEqual(['documents']);
  });

  it('drops stack traces even from coded errors', () => {
    const formatted = { message: 'no', extensions: { code: 'FORBIDDEN', stacktrace: ['at x'] } };
    expect(maskError(formatted, null)).toEqual({ message: 'no', extensions: { code: 'FORBIDDEN' } });
  });

  it("reports the client's own syntax errors as BAD_USER_INPUT", () => {
    const masked = maskError({ message: 'Syntax Error: Expected Name', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, null);
    expect(masked.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(masked.message).toMatch(/Syntax Error/);
  });

  it("reports Apollo's uncoded refusals marked HTTP 400 (a bad persisted-query hash) as the client's BAD_USER_INPUT", () => {
    const original = { message: 'provided sha does not match query', extensions: { http: { status: 400 } } };
    // Apollo formats an uncoded error with its default code and takes `http` out of the extensions.
    expect(maskError({ message: original.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, original)).toEqual({ message: original.message, extensions: { code: 'BAD_USER_INPUT' } });
    expect(maskError({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new Error('boom'))).toMatchObject({ extensions: { code: 'INTERNAL' } });
  });

  it("reports an operationName that names no operation of the document as the client's BAD_USER_INPUT", () => {
    const masked = maskError({ message: 'Unknown operation named "Page".', extensions: { code: 'INVALID_GRAPHQL' } }, null);
    expect(masked).toEqual({ message: 'Unknown operation named "Page".', extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_GRAPHQL' } });
  });
});

describe('the error docs', () => {
  it('match the registry (run `npm run docs -w @fedbase/errors` when this fails)', () => {
    const checkedIn = readFileSync(new URL('../errors.md', import.meta.url), 'utf8');
    expect(checkedIn).toBe(renderErrorDocs());
  });
});
