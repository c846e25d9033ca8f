/** A file as the API shows it: the bucket by name, the size as a number. */
export interface FileRecord {
  id: string;
  projectId: string;
  bucket: string;
  /** Whether its bucket is public: anyone with the project's key may then read it. */
  bucketPublic: boolean;
  name: string;
  contentType: string;
  size: number;
  sha256: string | null;
  status: 'PENDING' | 'READY';
  ownerId: string | null;
  createdAt: Date;
}

/** Where a file's bytes live: ids only, so no name a client chose ever becomes a path. */
export function storageKey(file: { projectId: string; id: string }): string {
  return `${file.projectId}/${file.id}`;
}

export const fileColumns = `f.id, f.project_id, b.name AS bucket, b.public AS bucket_public, f.name, f.content_type, f.size::float8 AS size,
  f.sha256, f.status::text AS status, f.owner_id, f.created_at`;

export interface FileRow {
  id: string;
  project_id: string;
  bucket: string;
  bucket_public: boolean;
  name: string;
  content_type: string;
  size: number;
  sha256: string | null;
  status: 'PENDING' | 'READY';
  owner_id: string | null;
  created_at: Date;
}

export function toFileRecord(row: FileRow): FileRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    bucket: row.bucket,
    bucketPublic: row.bucket_public,
    name: row.name,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    status: row.status,
    ownerId: row.owner_id,
    createdAt: new Date(row.created_at),
  };
}
