import type { Database } from '@fedbase/db';
import { isUuid } from '@fedbase/db';

/** A document as the API shows it: the collection by name, timestamps and version. */
export interface DocumentRecord {
  id: string;
  collection: string;
  data: unknown;
  version: number;
  ownerId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DataService {
  findDocument(projectId: string, id: string, collection?: string): Promise<DocumentRecord | null>;
}

export function createDataService(db: Database): DataService {
  return {
    async findDocument(projectId, id, collection) {
      if (!isUuid(id)) return null;
      const row = await db.prisma.document.findFirst({
        where: { id, projectId, ...(collection ? { collection: { name: collection } } : {}) },
        include: { collection: { select: { name: true } } },
      });
      return row && { ...row, collection: row.collection.name };
    },
  };
}
