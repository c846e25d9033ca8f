import { Errors } from '@fedbase/errors';
import { isUuid } from '@fedbase/db';

/** Opaque to clients: the position of an event in the log, (created_at, id). */
export function encodeEventCursor(event: { id: string; createdAt: Date }): string {
  return Buffer.from(JSON.stringify([event.createdAt.toISOString(), event.id])).toString('base64url');
}

export function decodeEventCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [createdAt, id] = value as unknown[];
      if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && typeof id === 'string' && isUuid(id)) return { createdAt, id };
    }
  } catch {
    // fall through: any malformed cursor gets the same answer
  }
  throw Errors.badUserInput('`after` is not a cursor of this list: pass an endCursor or edge cursor you were given.', { field: 'after' });
}
