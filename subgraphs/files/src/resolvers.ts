import type { RequestContext } from '@fedbase/context';
import type { SubgraphResolvers } from '@fedbase/subgraph-server';
import DataLoader from 'dataloader';
import type { CreateBucketInput } from './buckets/bucket-service.ts';
import type { CreateUploadUrlInput, FileConnection } from './files/file-service.ts';
import type { FileRecord } from './files/file-record.ts';
import type { FilesService } from './service.ts';

/** Thin: read the verified caller, call a service, shape the result. */
export function createFilesResolvers({ buckets, files }: FilesService): SubgraphResolvers {
  // One loader per request: every File reference in one `_entities` call becomes ONE query.
  const loaders = new WeakMap<RequestContext, DataLoader<string, FileRecord | null>>();
  const fileLoader = (context: RequestContext) => {
    let loader = loaders.get(context);
    if (!loader) {
      loader = new DataLoader((ids: readonly string[]) => files.findFiles(context, ids), { maxBatchSize: 500 });
      loaders.set(context, loader);
    }
    return loader;
  };

  return {
    Query: {
      file: (_: unknown, args: { id: string }, context: RequestContext) => files.getFile(context, args.id),
      files: (_: unknown, args: { bucket: string; first?: number | null; after?: string | null }, context: RequestContext) => files.listFiles(context, args),
    },
    Mutation: {
      createBucket: (_: unknown, args: CreateBucketInput, context: RequestContext) => buckets.createBucket(context, args),
      createUploadUrl: (_: unknown, args: CreateUploadUrlInput, context: RequestContext) => files.createUploadUrl(context, args),
      deleteFile: (_: unknown, args: { id: string }, context: RequestContext) => files.deleteFile(context, args.id),
    },
    FileConnection: {
      totalCount: (connection: FileConnection) => connection.totalCount(),
    },
    File: {
      __resolveReference: (reference: { id: string }, context: RequestContext) => fileLoader(context).load(reference.id),
      owner: (file: FileRecord) => (file.ownerId ? { __typename: 'User', id: file.ownerId } : null),
      downloadUrl: (file: FileRecord, args: { expiresIn?: number | null }, context: RequestContext) => files.downloadUrl(context, file, args.expiresIn),
    },
  };
}
