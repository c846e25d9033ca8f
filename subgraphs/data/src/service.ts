import type { RequestContext } from '@fedbase/context';
import type { Database } from '@fedbase/db';
import { createEventBus, type EventBus } from '@fedbase/event-bus';
import { createCollectionService, type CollectionService } from './collections/collection-service.ts';
import { createCollectionExchange, type CollectionExchange } from './documents/collection-exchange.ts';
import { createDocumentService, type DocumentService } from './documents/document-service.ts';
import { createDocumentLister, type DocumentConnection, type ListDocumentsInput } from './documents/list-documents.ts';
import { createChangeWatcher, type DocumentChange } from './documents/watch-document-changes.ts';

export interface DataService {
  readonly collections: CollectionService;
  readonly documents: DocumentService;
  /** NDJSON export and import of a collection. */
  readonly exchange: CollectionExchange;
  listDocuments(context: RequestContext, input: ListDocumentsInput): Promise<DocumentConnection>;
  /** `documentChanged`: the collection's changes this caller may read, as they are published. */
  watchDocumentChanges(context: RequestContext, collection: string, signal?: AbortSignal): Promise<AsyncIterableIterator<DocumentChange>>;
}

export interface DataServiceOptions {
  /** Where change events arrive (the outbox relay publishes them). @default an in-process bus */
  bus?: EventBus;
  /** Called after a commit that wrote outbox rows (the relay's kick). */
  afterOutboxCommit?: () => void;
}

/** Wires the data subgraph's services; each is tested on its own and through the gateway. */
export function createDataService(db: Database, options: DataServiceOptions = {}): DataService {
  const collections = createCollectionService(db);
  return {
    collections,
    documents: createDocumentService(db, collections, options.afterOutboxCommit),
    exchange: createCollectionExchange(db, collections),
    listDocuments: createDocumentLister(db, collections),
    watchDocumentChanges: createChangeWatcher(options.bus ?? createEventBus(), collections),
  };
}
