/** A document as the API shows it: the collection by name, timestamps and version. */
export interface DocumentRecord {
  id: string;
  collection: string;
  data: Record<string, unknown>;
  version: number;
  ownerId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A row of `data.documents` as raw SQL returns it. */
export interface DocumentRow {
  id: string;
  data: Record<string, unknown>;
  version: number;
  owner_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export const documentColumns = 'd.id, d.data, d.version, d.owner_id, d.created_at, d.updated_at';

export function toDocumentRecord(row: DocumentRow, collection: string): DocumentRecord {
  return {
    id: row.id,
    collection,
    data: row.data,
    version: row.version,
    ownerId: row.owner_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
