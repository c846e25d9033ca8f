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
