import type { Database } from '@fedbase/db';

export interface FilesUsage {
  /** Bytes of READY files now. */
  storageBytes: number;
  /** Bytes downloaded in the period. */
  egressBytes: number;
}

/** What the files subgraph reports to billing for a project and a `YYYY-MM` period. */
export async function readUsage(db: Database, projectId: string, period: string): Promise<FilesUsage> {
  const [row] = await db.query<{ storage: number | null; egress: number | null }>(
    `SELECT (SELECT sum(size)::float8 FROM files.files WHERE project_id = $1::uuid AND status = 'READY') AS storage,
            (SELECT bytes::float8 FROM files.egress WHERE project_id = $1::uuid AND period = $2) AS egress`,
    [projectId, period],
  );
  return { storageBytes: Number(row?.storage ?? 0), egressBytes: Number(row?.egress ?? 0) };
}
