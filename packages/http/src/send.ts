import type { ServerResponse } from 'node:http';
import type { ErrorCode } from '@fedbase/errors';

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json; charset=utf-8'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A request refused before GraphQL execution, in the GraphQL-over-HTTP error shape. */
export function sendGraphQLError(res: ServerResponse, status: number, code: ErrorCode, message: string, extensions: Readonly<Record<string, unknown>> = {}): void {
  sendJson(res, status, { errors: [{ message, extensions: { ...extensions, code } }] }, 'application/graphql-response+json; charset=utf-8');
}
