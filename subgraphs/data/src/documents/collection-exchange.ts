import { randomUUID } from 'node:crypto';
import type { Database } from '@fedbase/db';
import { isUuid } from '@fedbase/db';
import { Errors } from '@fedbase/errors';
import type { CollectionService } from '../collections/collection-service.ts';
import { writeOutbox } from '../outbox.ts';
import { documentColumns, type DocumentRow } from './document-record.ts';
import { validateDocument } from './validate-document.ts';

export interface CollectionExchange {
  /** NDJSON lines, oldest document first, read in pages so memory stays flat. */
  exportCollection(projectId: string, collection: string): AsyncIterable<string>;
  /**
   * Imports NDJSON lines in one transaction; returns how many documents were written. Ids in the
   * lines are kept (a restore), unless `newIds` (a copy: ids are unique across the deployment).
   */
  importCollection(projectId: string, collection: string, lines: AsyncIterable<string>, options?: { newIds?: boolean }): Promise<number>;
}

const pageSize = 1_000;
const maxImportLines = 1_000_000;

export function createCollectionExchange(db: Database, collections: CollectionService): CollectionExchange {
  return {
    async *exportCollection(projectId, name) {
      const collection = await collections.getCollection(projectId, name);
      let after: { createdAt: Date; id: string } | null = null;
      for (;;) {
        const rows: DocumentRow[] = await db.prisma.$queryRawUnsafe<DocumentRow[]>(
          `SELECT ${documentColumns} FROM data.documents d
           WHERE d.project_id = $1::uuid AND d.collection_id = $2::uuid
             AND ($3::timestamptz IS NULL OR (d.created_at, d.id) > ($3::timestamptz, $4::uuid))
           ORDER BY d.created_at, d.id LIMIT ${pageSize}`,
          projectId,
          collection.id,
          after?.createdAt ?? null,
          after?.id ?? null,
        );
        for (const row of rows) {
          yield JSON.stringify({
            id: row.id,
            data: row.data,
            ownerId: row.owner_id,
            version: row.version,
            createdAt: row.created_at.toISOString(),
            updatedAt: row.updated_at.toISOString(),
          });
        }
        const last = rows.at(-1);
        if (!last || rows.length < pageSize) return;
        after = { createdAt: last.created_at, id: last.id };
      }
    },

    async importCollection(projectId, name, lines, { newIds = false } = {}) {
      const collection = await collections.getCollection(projectId, name);
      return db.prisma.$transaction(
        async (tx) => {
          let count = 0;
          let lineNumber = 0;
          for await (const line of lines) {
            lineNumber += 1;
            if (!line.trim()) continue;
            if (lineNumber > maxImportLines) throw Errors.badUserInput(`An import has at most ${maxImportLines} lines; split the file.`);
            const fail = (message: string) => Errors.badUserInput(`Line ${lineNumber}: ${message} Nothing was imported.`, { line: lineNumber });
            let parsed: { id?: unknown; data?: unknown; ownerId?: unknown; createdAt?: unknown };
            try {
              parsed = JSON.parse(line) as typeof parsed;
            } catch {
              throw fail('not valid JSON.');
            }
            if (parsed === null || typeof parsed !== 'object') throw fail('each line is an object like {"data": {...}}.');
            const id = parsed.id === undefined || newIds ? randomUUID() : parsed.id;
            if (typeof id !== 'string' || !isUuid(id)) throw fail('"id" must be a UUID (or left out).');
            if (parsed.ownerId !== undefined && parsed.ownerId !== null && typeof parsed.ownerId !== 'string') throw fail('"ownerId" must be a string.');
            const createdAt = parsed.createdAt === undefined ? new Date() : new Date(String(parsed.createdAt));
            if (Number.isNaN(createdAt.getTime())) throw fail('"createdAt" must be an ISO-8601 date-time.');
            let data: Record<string, unknown>;
            try {
              data = validateDocument(parsed.data, collection.fields);
            } catch (error) {
              throw fail(error instanceof Error ? error.message : 'invalid data.');
            }
            const inserted = await tx.$executeRawUnsafe(
              `INSERT INTO data.documents (id, project_id, collection_id, data, version, owner_id, created_at, updated_at)
               VALUES ($1::uuid, $2::uuid, $3::uuid, $4::jsonb, 1, $5, $6, now()) ON CONFLICT (id) DO NOTHING`,
              id,
              projectId,
              collection.id,
              JSON.stringify(data),
              (parsed.ownerId as string | null | undefined) ?? null,
              createdAt,
            );
            if (inserted === 0) throw fail(`a document with id ${id} exists already; import with ?ids=new to copy under new ids.`);
            await writeOutbox(tx, { projectId, topic: 'data.document.created', aggregateId: id, payload: { collection: name, id, version: 1 } });
            count += 1;
          }
          return count;
        },
        { timeout: 10 * 60_000 },
      );
    },
  };
}
