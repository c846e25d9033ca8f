import type { GraphQLFormattedError } from 'graphql';
import { isErrorCode } from './error-codes.ts';

/**
 * Apollo's `formatError`: passes errors with a code from our list through unchanged and turns
 * everything else (a bug, a driver error with SQL in it) into a bare `INTERNAL`, so no stack, SQL
 * or file path reaches a client. GraphQL's own parse and validation errors keep their message with
 * the code `BAD_USER_INPUT`: they describe the client's document, not our internals.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.['code'];
  if (isErrorCode(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  // INVALID_GRAPHQL is @apollo/gateway's word for a document it cannot plan: an operationName
  // naming no operation in it, several operations and no name.
  if (code === 'GRAPHQL_PARSE_FAILED' || code === 'GRAPHQL_VALIDATION_FAILED' || code === 'BAD_REQUEST' || code === 'INVALID_GRAPHQL' ||
      code === 'OPERATION_RESOLUTION_FAILURE' || code === 'PERSISTED_QUERY_NOT_FOUND' || code === 'PERSISTED_QUERY_NOT_SUPPORTED') {
    return { message: formatted.message, ...(formatted.locations ? { locations: formatted.locations } : {}), extensions: { code: 'BAD_USER_INPUT', reason: code } };
  }
  // Apollo refuses some requests (a persisted-query version it does not know, a hash that does
  // not match the text) with an uncoded error it marks HTTP 400 (the formatted one says
  // INTERNAL_SERVER_ERROR, Apollo's default code): the client's.
  if ((code === undefined || code === 'INTERNAL_SERVER_ERROR') && isClientStatus((error as { extensions?: { http?: { status?: unknown } } } | null)?.extensions?.http?.status)) {
    return { message: formatted.message, extensions: { code: 'BAD_USER_INPUT' } };
  }
  // Input coercion errors from graphql-js (bad variable values) carry no code but are the client's.
  if (code === undefined && isVariableError(formatted.message)) {
    return { message: formatted.message, extensions: { code: 'BAD_USER_INPUT' } };
  }
  void error;
  return {
    message: 'Internal error: it has been logged; retry later.',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL' },
  };
}

function isClientStatus(status: unknown): boolean {
  return typeof status === 'number' && status >= 400 && status < 500;
}

function isVariableError(message: string): boolean {
  return message.startsWith('Variable "$');
}
