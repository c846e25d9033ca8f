import type { RequestContext } from '@fedbase/context';
import type { Database } from '@fedbase/db';
import { createCollectionService, type CollectionService } from './collections/collection-service.ts';
import { createCollectionExchange, type CollectionExchange } from './documents/collection-exchange.ts';
import { createDocumentService, type DocumentService } from './documents/document-service.ts';
import { createDocumentLister, type DocumentConnection, type ListDocumentsInput } from './documents/list-documents.ts';

export interface DataService {
  readonly collections: CollectionService;
  readonly documents: DocumentService;
  /** NDJSON export and import of a collection. */
  readonly exchange: CollectionExchange;
  listDocuments(context: RequestContext, input: ListDocumentsInput): Promise<DocumentConnection>;
}

/** Wires the data subgraph's services; each is tested on its own and through the gateway. */
export function createDataService(db: Database): DataService {
  const collections = createCollectionService(db);
  return {
    collections,
    documents: createDocumentService(db, collections),
    exchange: createCollectionExchange(db, collections),
    listDocuments: createDocumentLister(db, collections),
  };
}
