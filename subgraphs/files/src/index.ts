export { parseFilesConfig, type FilesConfig } from './files-config.ts';
export { createFilesRoutes } from './http.ts';
export { createFilesResolvers } from './resolvers.ts';
export { createFilesService, type FilesService, type FilesServiceOptions } from './service.ts';
export { createFileUrlSigner, type FileGrant, type FileUrlSigner } from './urls/file-url-signer.ts';
