export { createFilesResolvers } from './resolvers.ts';
export { createFilesService, type FileRecord, type FilesService } from './service.ts';
