import { randomUUID } from 'node:crypto';
import type { RequestContext } from '@fedbase/context';
import { requireProject } from '@fedbase/context';
import type { Database } from '@fedbase/db';
import { isUuid } from '@fedbase/db';
import { Errors } from '@fedbase/errors';
import type { Prisma } from '@fedbase/prisma';
import jsonMergePatch from 'json-merge-patch';
import { isAllowed, refuse } from '../collections/access-rules.ts';
import type { CollectionRecord, CollectionService } from '../collections/collection-service.ts';
import { writeOutbox } from '../outbox.ts';
import { documentColumns, toDocumentRecord, type DocumentRecord, type DocumentRow } from './document-record.ts';
import { validateDocument } from './validate-document.ts';

export interface DocumentService {
  createDocument(context: RequestContext, collection: string, data: unknown): Promise<DocumentRecord>;
  /** A JSON merge patch (RFC 7396); with `ifVersion`, CONFLICT unless the document is still at it. */
  updateDocument(context: RequestContext, collection: string, id: string, patch: unknown, ifVersion?: number | null): Promise<DocumentRecord>;
  deleteDocument(context: RequestContext, collection: string, id: string): Promise<true>;
  /** The document if it exists and the caller may read it; FORBIDDEN/UNAUTHENTICATED when the rules say no. */
  getDocument(context: RequestContext, collection: string, id: string): Promise<DocumentRecord | null>;
  /** Documents by id in one query, in order, null where missing or not readable: the `_entities` batch. */
  findDocuments(context: RequestContext, ids: readonly string[]): Promise<(DocumentRecord | null)[]>;
}

/** Called after a transaction that wrote outbox rows, so the relay sends them at once. */
export type AfterOutboxCommit = () => void;

export function createDocumentService(db: Database, collections: CollectionService, afterCommit: AfterOutboxCommit = () => {}): DocumentService {
  /** Locks the row for the rest of the transaction, so concurrent writers take turns. */
  const lockDocument = async (tx: Prisma.TransactionClient, collection: CollectionRecord, id: string): Promise<DocumentRow> => {
    if (!isUuid(id)) throw Errors.notFound(`Document ${id.slice(0, 80)}`);
    const rows = await tx.$queryRawUnsafe<DocumentRow[]>(
      `SELECT ${documentColumns} FROM data.documents d WHERE d.id = $1::uuid AND d.project_id = $2::uuid AND d.collection_id = $3::uuid FOR UPDATE`,
      id,
      collection.projectId,
      collection.id,
    );
    const row = rows[0];
    if (!row) throw Errors.notFound(`Document ${id} in "${collection.name}"`);
    return row;
  };

  return {
    async createDocument(context, name, data) {
      const collection = await collections.getCollection(requireProject(context).id, name);
      if (!isAllowed(collection.rules.create, context)) refuse('create', name, context);
      const normalized = validateDocument(data, collection.fields);
      const id = randomUUID();
      const row = await db.prisma.$transaction(async (tx) => {
        const [inserted] = await tx.$queryRawUnsafe<DocumentRow[]>(
          `INSERT INTO data.documents AS d (id, project_id, collection_id, data, version, owner_id, created_at, updated_at)
           VALUES ($1::uuid, $2::uuid, $3::uuid, $4::jsonb, 1, $5, now(), now()) RETURNING ${documentColumns}`,
          id,
          collection.projectId,
          collection.id,
          JSON.stringify(normalized),
          context.user?.id ?? null,
        );
        await writeOutbox(tx, { projectId: collection.projectId, topic: 'data.document.created', document: toDocumentRecord(inserted!, name) });
        return inserted!;
      });
      afterCommit();
      return toDocumentRecord(row, name);
    },

    async updateDocument(context, name, id, patch, ifVersion) {
      const collection = await collections.getCollection(requireProject(context).id, name);
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
        throw Errors.badUserInput('The patch is a JSON object: the fields to change, null to clear one.', { field: 'data' });
      }
      const row = await db.prisma.$transaction(async (tx) => {
        const current = await lockDocument(tx, collection, id);
        if (!isAllowed(collection.rules.update, context, current.owner_id)) refuse('update', name, context);
        if (ifVersion !== undefined && ifVersion !== null && ifVersion !== current.version) {
          throw Errors.conflict(`Document ${id} is at version ${current.version}, not ${ifVersion}: read it again and retry.`);
        }
        const merged = validateDocument(jsonMergePatch.apply(structuredClone(current.data), patch), collection.fields);
        const [updated] = await tx.$queryRawUnsafe<DocumentRow[]>(
          `UPDATE data.documents AS d SET data = $2::jsonb, version = d.version + 1, updated_at = now()
           WHERE d.id = $1::uuid RETURNING ${documentColumns}`,
          id,
          JSON.stringify(merged),
        );
        await writeOutbox(tx, { projectId: collection.projectId, topic: 'data.document.updated', document: toDocumentRecord(updated!, name) });
        return updated!;
      });
      afterCommit();
      return toDocumentRecord(row, name);
    },

    async deleteDocument(context, name, id) {
      const collection = await collections.getCollection(requireProject(context).id, name);
      await db.prisma.$transaction(async (tx) => {
        const current = await lockDocument(tx, collection, id);
        if (!isAllowed(collection.rules.delete, context, current.owner_id)) refuse('delete', name, context);
        await tx.$executeRawUnsafe('DELETE FROM data.documents WHERE id = $1::uuid', id);
        await writeOutbox(tx, { projectId: collection.projectId, topic: 'data.document.deleted', document: toDocumentRecord(current, name) });
      });
      afterCommit();
      return true;
    },

    async getDocument(context, name, id) {
      const collection = await collections.getCollection(requireProject(context).id, name);
      if (!isUuid(id)) return null;
      const [row] = await db.prisma.$queryRawUnsafe<DocumentRow[]>(
        `SELECT ${documentColumns} FROM data.documents d WHERE d.id = $1::uuid AND d.project_id = $2::uuid AND d.collection_id = $3::uuid`,
        id,
        collection.projectId,
        collection.id,
      );
      if (!row) return null;
      if (!isAllowed(collection.rules.read, context, row.owner_id)) refuse('read', name, context);
      return toDocumentRecord(row, name);
    },

    async findDocuments(context, ids) {
      const projectId = requireProject(context).id;
      const valid = ids.filter(isUuid);
      if (!valid.length) return ids.map(() => null);
      const rows = await db.prisma.$queryRawUnsafe<(DocumentRow & { collection_name: string; read_rule: string })[]>(
        `SELECT ${documentColumns}, c.name AS collection_name, c.rules->>'read' AS read_rule
         FROM data.documents d JOIN data.collections c ON c.id = d.collection_id
         WHERE d.project_id = $1::uuid AND d.id = ANY($2::uuid[])`,
        projectId,
        valid,
      );
      const byId = new Map(
        rows.filter((row) => isAllowed(row.read_rule, context, row.owner_id)).map((row) => [row.id, toDocumentRecord(row, row.collection_name)]),
      );
      return ids.map((id) => byId.get(id) ?? null);
    },
  };
}
