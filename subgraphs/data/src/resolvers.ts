import { auditActor, requireProject, requireSecretKey, type RequestContext } from '@fedbase/context';
import type { SubgraphResolvers } from '@fedbase/subgraph-server';
import DataLoader from 'dataloader';
import type { CreateCollectionInput } from './collections/collection-service.ts';
import type { DocumentRecord } from './documents/document-record.ts';
import type { ListDocumentsInput } from './documents/list-documents.ts';
import type { DataService } from './service.ts';

/** Thin: read the verified caller, call a service, shape the result. */
export function createDataResolvers(service: DataService): SubgraphResolvers {
  // One loader per request: every Document reference in one `_entities` call becomes ONE query.
  const loaders = new WeakMap<RequestContext, DataLoader<string, DocumentRecord | null>>();
  const documentLoader = (context: RequestContext) => {
    let loader = loaders.get(context);
    if (!loader) {
      loader = new DataLoader((ids: readonly string[]) => service.documents.findDocuments(context, ids), { maxBatchSize: 500 });
      loaders.set(context, loader);
    }
    return loader;
  };

  return {
    Query: {
      collections: (_: unknown, __: unknown, context: RequestContext) => service.collections.listCollections(requireProject(context).id),
      document: (_: unknown, args: { collection: string; id: string }, context: RequestContext) =>
        service.documents.getDocument(context, args.collection, args.id),
      documents: (_: unknown, args: ListDocumentsInput, context: RequestContext) => service.listDocuments(context, args),
    },
    Mutation: {
      createCollection: (_: unknown, args: CreateCollectionInput, context: RequestContext) =>
        service.collections.createCollection(requireSecretKey(context).id, args, auditActor(context)),
      createDocument: (_: unknown, args: { collection: string; data: unknown }, context: RequestContext) =>
        service.documents.createDocument(context, args.collection, args.data),
      updateDocument: (_: unknown, args: { collection: string; id: string; data: unknown; ifVersion?: number | null }, context: RequestContext) =>
        service.documents.updateDocument(context, args.collection, args.id, args.data, args.ifVersion),
      deleteDocument: (_: unknown, args: { collection: string; id: string }, context: RequestContext) =>
        service.documents.deleteDocument(context, args.collection, args.id),
    },
    Subscription: {
      documentChanged: {
        subscribe: (_: unknown, args: { collection: string }, context: RequestContext) => service.watchDocumentChanges(context, args.collection),
        resolve: (change: unknown) => change,
      },
    },
    Document: {
      __resolveReference: (reference: { id: string }, context: RequestContext) => documentLoader(context).load(reference.id),
      owner: (document: DocumentRecord) => (document.ownerId ? { __typename: 'User', id: document.ownerId } : null),
    },
  };
}
