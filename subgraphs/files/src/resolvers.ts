import { requireProject, type RequestContext } from '@fedbase/context';
import type { SubgraphResolvers } from '@fedbase/subgraph-server';
import type { FileRecord, FilesService } from './service.ts';

export function createFilesResolvers(service: FilesService): SubgraphResolvers {
  return {
    Query: {
      file: (_: unknown, args: { id: string }, context: RequestContext) => service.findFile(requireProject(context).id, args.id),
    },
    File: {
      __resolveReference: (reference: { id: string }, context: RequestContext) => service.findFile(requireProject(context).id, reference.id),
      owner: (file: FileRecord) => (file.ownerId ? { __typename: 'User', id: file.ownerId } : null),
    },
  };
}
