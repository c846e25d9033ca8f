import { isUuid } from './is-uuid.ts';

/** A row's position in a list ordered by (created_at, id): opaque to clients, base64url. */
export interface TimeIdPosition {
  /** ISO-8601, as stored (millisecond precision). */
  createdAt: string;
  id: string;
}

export function encodeTimeIdCursor(row: { id: string; createdAt: Date }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

/** The position in a cursor, or null when it is not one of ours (callers answer BAD_USER_INPUT). */
export function decodeTimeIdCursor(cursor: string): TimeIdPosition | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [createdAt, id] = value as unknown[];
    if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt)) || typeof id !== 'string' || !isUuid(id)) return null;
    return { createdAt, id };
  } catch {
    return null;
  }
}
