import { requireProject, type RequestContext } from '@fedbase/context';
import type { SubgraphResolvers } from '@fedbase/subgraph-server';
import type { DataService, DocumentRecord } from './service.ts';

export function createDataResolvers(service: DataService): SubgraphResolvers {
  return {
    Query: {
      document: (_: unknown, args: { collection: string; id: string }, context: RequestContext) =>
        service.findDocument(requireProject(context).id, args.id, args.collection),
    },
    Document: {
      __resolveReference: (reference: { id: string }, context: RequestContext) =>
        service.findDocument(requireProject(context).id, reference.id),
      owner: (document: DocumentRecord) => (document.ownerId ? { __typename: 'User', id: document.ownerId } : null),
    },
  };
}
