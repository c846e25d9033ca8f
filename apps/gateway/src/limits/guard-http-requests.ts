import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import type { GatewayContext } from '../gateway-context.ts';
import type { QueryLimits } from './query-limits.ts';
import { resolveDocument, type DocumentRequest } from './resolve-document.ts';
import { scanSource } from './scan-source.ts';
import type { TrustedDocuments } from './trusted-documents.ts';

export interface GuardHttpRequestsOptions {
  limits: QueryLimits;
  /** The TRUSTED_DOCUMENTS manifest; undefined: any document may run. */
  trusted: TrustedDocuments | undefined;
  isOperator: (adminSecret: string | null | undefined) => boolean;
}

type Execute = ApolloServer<GatewayContext>['executeHTTPGraphQLRequest'];

/**
 * The same server, with a front door on GraphQL over HTTP for what Apollo would only see too late
 * or not at all: a batch (refused, batching is off), a `documentId` or an APQ hash of the
 * TRUSTED_DOCUMENTS manifest (replaced by the registered text), an unregistered document in that
 * mode, and a document too long or nested too deep to be parsed safely (scanSource). Each is a
 * 400 BAD_USER_INPUT before anything is parsed or any subgraph asked; the rest goes to Apollo.
 */
export function guardHttpRequests(apollo: ApolloServer<GatewayContext>, { limits, trusted, isOperator }: GuardHttpRequestsOptions): ApolloServer<GatewayContext> {
  const execute: Execute = async ({ httpGraphQLRequest: request, context }) => {
    if (request.method === 'POST' && Array.isArray(request.body)) {
      return refuse(request, 'Batched requests (a JSON array of operations) are not accepted: send one operation per request, {"query": "...", "variables": {...}}.');
    }
    const sent = documentRequestOf(request);
    if (!sent) return apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context });
    const resolved = await resolveDocument(sent, { trusted, isOperator: async () => isOperator((await context()).caller.adminSecret) });
    if (resolved.refusal !== undefined) return refuse(request, resolved.refusal);
    const tooBig = resolved.query === undefined ? undefined : scanSource(resolved.query, limits);
    if (tooBig) return refuse(request, tooBig);
    const unchanged = resolved.query === sent.query && resolved.extensions === sent.extensions && sent.documentId === undefined;
    return apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: unchanged ? request : withDocument(request, resolved), context });
  };
  return new Proxy(apollo, {
    get: (target, property, receiver) => (property === 'executeHTTPGraphQLRequest' ? execute : Reflect.get(target, property, receiver)),
  });
}

/** The request's `query`, `documentId` and `extensions`, or undefined when Apollo should judge its shape. */
function documentRequestOf(request: HTTPGraphQLRequest): DocumentRequest | undefined {
  if (request.method === 'POST') {
    const body = request.body;
    if (typeof body !== 'object' || body === null) return undefined;
    const { query, documentId, extensions } = body as Record<string, unknown>;
    if (query !== undefined && typeof query !== 'string') return undefined;
    return { query, documentId, extensions: isRecord(extensions) ? extensions : undefined };
  }
  const search = new URLSearchParams(request.search);
  let extensions: unknown;
  try {
    extensions = JSON.parse(search.get('extensions') ?? 'null');
  } catch {
    return undefined;
  }
  return { query: search.get('query') ?? undefined, documentId: search.get('documentId') ?? undefined, extensions: isRecord(extensions) ? extensions : undefined };
}

function withDocument(request: HTTPGraphQLRequest, { query, extensions }: { query: string | undefined; extensions: Record<string, unknown> | undefined }): HTTPGraphQLRequest {
  if (request.method === 'POST') {
    const { documentId: _id, query: _query, extensions: _extensions, ...rest } = request.body as Record<string, unknown>;
    return { ...request, body: { ...rest, ...(query !== undefined ? { query } : {}), ...(extensions ? { extensions } : {}) } };
  }
  const search = new URLSearchParams(request.search);
  search.delete('documentId');
  if (query !== undefined) search.set('query', query);
  if (extensions) search.set('extensions', JSON.stringify(extensions));
  else search.delete('extensions');
  return { ...request, search: `?${search.toString()}` };
}

function refuse(request: HTTPGraphQLRequest, message: string): HTTPGraphQLResponse {
  // Same media type Apollo would pick: GraphQL-over-HTTP's when the client accepts it.
  const contentType = /application\/graphql-response\+json/.test(request.headers.get('accept') ?? '')
    ? 'application/graphql-response+json; charset=utf-8'
    : 'application/json; charset=utf-8';
  return {
    status: 400,
    headers: new HeaderMap([['content-type', contentType]]),
    body: { kind: 'complete', string: JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] }) },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
