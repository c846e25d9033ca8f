export { contentTypeFor } from './content-type-for.ts';
export { resolveAssetPath } from './resolve-asset-path.ts';
export { sendFile, type SendFileOptions } from './send-file.ts';
export { sendUncachedText } from './send-uncached-text.ts';
export { serveAsset, type ServeAssetOptions } from './serve-asset.ts';
