import type { AuditActor } from '@fedbase/context';
import type { Database } from '@fedbase/db';
import { Errors } from '@fedbase/errors';
import { writeAudit } from '../audit.ts';
import { parseRules, type AccessRules, type Operation } from './access-rules.ts';
import { fieldIndexStatements } from './field-indexes.ts';
import { parseFields, type FieldDefinition } from './field-definition.ts';

export interface CollectionRecord {
  id: string;
  projectId: string;
  name: string;
  fields: FieldDefinition[];
  rules: AccessRules;
  createdAt: Date;
}

export interface CreateCollectionInput {
  name: string;
  fields: readonly { name: string; type: string; required?: boolean | null }[];
  rules?: Partial<Record<Operation, string | null>> | null;
}

export interface CollectionService {
  /** Audited: `audit.data.collection.created` in the same transaction. */
  createCollection(projectId: string, input: CreateCollectionInput, actor: AuditActor): Promise<CollectionRecord>;
  listCollections(projectId: string): Promise<CollectionRecord[]>;
  /** The collection, or NOT_FOUND naming it. */
  getCollection(projectId: string, name: string): Promise<CollectionRecord>;
}

const collectionNamePattern = /^[a-z][a-z0-9_-]{0,62}$/;

export function createCollectionService(db: Database): CollectionService {
  const toRecord = (row: { id: string; projectId: string; name: string; fields: unknown; rules: unknown; createdAt: Date }): CollectionRecord => ({
    ...row,
    fields: row.fields as FieldDefinition[],
    rules: row.rules as AccessRules,
  });

  return {
    async createCollection(projectId, { name, fields: fieldInput, rules: rulesInput }, actor) {
      if (!collectionNamePattern.test(name)) {
        throw Errors.badUserInput(`"${name.slice(0, 80)}" is not a collection name: use lower-case letters, digits, - and _, starting with a letter.`, { field: 'name' });
      }
      const fields = parseFields(fieldInput);
      const rules = parseRules(rulesInput);
      try {
        const row = await db.prisma.$transaction(async (tx) => {
          const created = await tx.collection.create({ data: { projectId, name, fields: fields.map((f) => ({ ...f })), rules: { ...rules } } });
          // Indexes per typed field, so filtered, sorted pages stay fast on large collections.
          for (const statement of fieldIndexStatements(created.id, fields)) await tx.$executeRawUnsafe(statement);
          const details = { name, fields: fields.map((f) => ({ ...f })), rules: { ...rules } };
          await writeAudit(tx, { projectId, action: 'collection.created', actor, target: { type: 'collection', id: created.id }, details });
          return created;
        });
        return toRecord(row);
      } catch (error) {
        if ((error as { code?: unknown }).code === 'P2002') throw Errors.conflict(`A collection named "${name}" exists already.`);
        throw error;
      }
    },

    async listCollections(projectId) {
      const rows = await db.prisma.collection.findMany({ where: { projectId }, orderBy: { name: 'asc' } });
      return rows.map(toRecord);
    },

    async getCollection(projectId, name) {
      const row = await db.prisma.collection.findUnique({ where: { projectId_name: { projectId, name } } });
      if (!row) throw Errors.notFound(`The collection "${name.slice(0, 80)}"`);
      return toRecord(row);
    },
  };
}
