const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids are uuid columns: checking the shape first turns a malformed id from a client into "not
 * found" instead of a database error.
 */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
