export { assertStorageKey } from './assert-storage-key.ts';
export { createDiskStore, type DiskStoreOptions } from './create-disk-store.ts';
export { createS3Store, type S3StoreOptions } from './create-s3-store.ts';
export { HashAndLimit } from './hash-and-limit.ts';
export {
  ObjectNotFoundError,
  ObjectTooLargeError,
  type ByteRange,
  type ObjectStore,
  type WriteOptions,
  type WriteResult,
} from './object-store.ts';
