import { randomUUID } from 'node:crypto';
import type { Database } from '@fedbase/db';
import { isUuid } from '@fedbase/db';
import { Errors } from '@fedbase/errors';
import type { CollectionService } from '../collections/collection-service.ts';
import type { FieldDefinition } from '../collections/field-definition.ts';
import { parseIsoDateTime } from '../query/parse-iso-date-time.ts';
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
const importBatchSize = 1_000;
const maxImportLines = 1_000_000;

interface ImportRow {
  line: number;
  id: string;
  /** serialized JSON, bound as jsonb */
  data: string;
  ownerId: string | null;
  createdAt: Date;
}

/** One NDJSON line checked against the collection, or BAD_USER_INPUT naming the line. */
function parseImportLine(line: string, lineNumber: number, fields: readonly FieldDefinition[], newIds: boolean): ImportRow {
  const fail = (message: string) => Errors.badUserInput(`Line ${lineNumber}: ${message} Nothing was imported.`, { line: lineNumber });
  let parsed: { id?: unknown; data?: unknown; ownerId?: unknown; createdAt?: unknown };
  try {
    parsed = JSON.parse(line) as typeof parsed;
  } catch {
    throw fail('not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw fail('each line is an object like {"data": {...}}.');
  const id = parsed.id === undefined || newIds ? randomUUID() : parsed.id;
  if (typeof id !== 'string' || !isUuid(id)) throw fail('"id" must be a UUID (or left out).');
  if (parsed.ownerId !== undefined && parsed.ownerId !== null && typeof parsed.ownerId !== 'string') throw fail('"ownerId" must be a string.');
  const createdAt = parsed.createdAt === undefined ? new Date() : parseIsoDateTime(String(parsed.createdAt));
  if (!createdAt) throw fail('"createdAt" must be an ISO-8601 date-time with a zone.');
  let data: Record<string, unknown>;
  try {
    data = validateDocument(parsed.data, fields);
  } catch (error) {
    throw fail(error instanceof Error ? error.message : 'invalid data.');
  }
  return { line: lineNumber, id, data: JSON.stringify(data), ownerId: (parsed.ownerId as string | null | undefined) ?? null, createdAt };
}

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
          let batch: ImportRow[] = [];
          // One statement per batch for the documents and one for their outbox rows: a row at a
          // time, an import ran at ~700 documents/s.
          const flush = async () => {
            if (!batch.length) return;
            const inserted = await tx.$queryRawUnsafe<{ id: string }[]>(
              `INSERT INTO data.documents (id, project_id, collection_id, data, version, owner_id, created_at, updated_at)
               SELECT row.id, $1::uuid, $2::uuid, row.data, 1, row.owner_id, row.created_at, now()
               FROM unnest($3::uuid[], $4::jsonb[], $5::text[], $6::timestamptz[]) AS row(id, data, owner_id, created_at)
               ON CONFLICT (id) DO NOTHING RETURNING id`,
              projectId,
              collection.id,
              batch.map((row) => row.id),
              batch.map((row) => row.data),
              batch.map((row) => row.ownerId),
              batch.map((row) => row.createdAt),
            );
            if (inserted.length < batch.length) {
              // The first row that was not written: its id existed, or came earlier in the batch.
              const written = new Set(inserted.map((row) => row.id));
              const seen = new Set<string>();
              const taken = batch.find((row) => {
                const refused = !written.has(row.id) || seen.has(row.id);
                seen.add(row.id);
                return refused;
              })!;
              throw Errors.badUserInput(
                `Line ${taken.line}: a document with id ${taken.id} exists already (or twice in the file); import with ?ids=new to copy under new ids. Nothing was imported.`,
                { line: taken.line },
              );
            }
            await tx.$executeRawUnsafe(
              `INSERT INTO data.outbox (project_id, topic, aggregate_id, payload)
               SELECT $1::uuid, 'data.document.created', id::text, jsonb_build_object('collection', $2::text, 'id', id, 'version', 1)
               FROM unnest($3::uuid[]) AS id`,
              projectId,
              name,
              batch.map((row) => row.id),
            );
            count += batch.length;
            batch = [];
          };
          let lineNumber = 0;
          for await (const line of lines) {
            lineNumber += 1;
            if (!line.trim()) continue;
            if (lineNumber > maxImportLines) throw Errors.badUserInput(`An import has at most ${maxImportLines} lines; split the file.`);
            batch.push(parseImportLine(line, lineNumber, collection.fields, newIds));
            if (batch.length >= importBatchSize) await flush();
          }
          await flush();
          return count;
        },
        { timeout: 10 * 60_000 },
      );
    },
  };
}
