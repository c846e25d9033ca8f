const maxKeyLength = 200;
// Lowercase letters, digits and dashes only: no `.`, so no `..`; no `\` or `%`; segments never
// empty. Nothing in a key can mean anything to a filesystem or an S3 path but a plain name.
const keyPattern = /^[a-z0-9-]+(?:\/[a-z0-9-]+){0,2}$/;

/**
 * Throws a TypeError unless `key` is a storage key: 1 to 3 segments of `[a-z0-9-]` joined by `/`,
 * at most 200 characters, such as `<projectId>/<fileId>`. Every store checks its keys with this,
 * so a key can never name a path outside the store.
 */
export function assertStorageKey(key: string): void {
  if (typeof key !== 'string' || key.length > maxKeyLength || !keyPattern.test(key)) {
    const shown = typeof key === 'string' ? JSON.stringify(key.slice(0, 80)) : typeof key;
    throw new TypeError(`${shown} is not a storage key: use 1 to 3 segments of a-z, 0-9 and - joined by /, at most ${maxKeyLength} characters.`);
  }
}
