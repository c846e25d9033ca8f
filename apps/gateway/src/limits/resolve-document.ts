import { createHash } from 'node:crypto';
import type { TrustedDocuments } from './trusted-documents.ts';

/** What a request names as its document, whichever way it names it. */
export interface DocumentRequest {
  /** The document's text (`query`); graphql-ws sends `""` along with a hash. */
  query?: string | undefined;
  /** GraphQL-over-HTTP persisted documents: `"sha256:<hex>"` or `"<hex>"`. */
  documentId?: unknown;
  /** Apollo's APQ style: `extensions.persistedQuery.sha256Hash`. */
  extensions?: Record<string, unknown> | undefined;
}

export type ResolvedDocument =
  | { readonly query: string | undefined; readonly extensions: Record<string, unknown> | undefined; readonly refusal?: undefined }
  | { readonly refusal: string };

export interface ResolveDocumentOptions {
  /** The TRUSTED_DOCUMENTS manifest; undefined: the mode is off. */
  trusted: TrustedDocuments | undefined;
  /** Called only when the answer depends on it (an unregistered document in trusted mode). */
  isOperator: () => boolean | Promise<boolean>;
}

export const trustedOnly = 'This gateway runs only registered operations (TRUSTED_DOCUMENTS)';

/**
 * The text to run for a request, or why it may not run. With TRUSTED_DOCUMENTS, a `documentId`,
 * an APQ `sha256Hash` or the exact text of a registered operation runs; anything else runs for
 * the operator only. Without it, `query` and APQ work as Apollo always did (APQ registers on
 * demand) and a `documentId` is refused: there is nothing to look it up in, and running nothing
 * silently would be worse.
 */
export async function resolveDocument(request: DocumentRequest, { trusted, isOperator }: ResolveDocumentOptions): Promise<ResolvedDocument> {
  const { documentId } = request;
  const query = request.query === '' ? undefined : request.query;
  const persistedQuery = request.extensions?.['persistedQuery'] as { sha256Hash?: unknown } | undefined;
  if (documentId !== undefined && documentId !== null) {
    if (!trusted) return { refusal: 'documentId needs TRUSTED_DOCUMENTS, which is off on this gateway: send the document itself in `query`.' };
    if (query !== undefined) return { refusal: 'Send either `documentId` or `query`, not both.' };
    const hash = typeof documentId === 'string' ? documentId.replace(/^sha256:/, '') : '';
    const registered = trusted.get(hash);
    if (registered === undefined) return { refusal: `${trustedOnly}, and none has the documentId ${JSON.stringify(documentId)}: send the sha256 of a registered operation's text ("sha256:<hex>").` };
    return { query: registered, extensions: request.extensions };
  }
  if (!trusted) return { query, extensions: request.extensions };
  // Apollo's own APQ store is off in this mode: the manifest is the store, and nobody registers.
  let extensions = request.extensions;
  if (persistedQuery !== undefined) {
    const { persistedQuery: _sent, ...rest } = request.extensions ?? {};
    extensions = rest;
    if (query === undefined) {
      const registered = typeof persistedQuery?.sha256Hash === 'string' ? trusted.get(persistedQuery.sha256Hash) : undefined;
      if (registered === undefined) return { refusal: `${trustedOnly}, and none has the sha256Hash ${JSON.stringify(persistedQuery?.sha256Hash)}: register the operation in the manifest.` };
      return { query: registered, extensions };
    }
  }
  if (query === undefined) return { query, extensions };
  if (trusted.get(createHash('sha256').update(query).digest('hex')) !== undefined || (await isOperator())) return { query, extensions };
  return { refusal: `${trustedOnly}: send the documentId ("sha256:<hex>") or the exact text of an operation in its manifest, or add this one to the manifest and redeploy.` };
}
