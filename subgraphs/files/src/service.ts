import type { Database } from '@fedbase/db';
import { isUuid } from '@fedbase/db';

/** A file as the API shows it: the bucket by name, the size as a number. */
export interface FileRecord {
  id: string;
  bucket: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string | null;
  status: 'PENDING' | 'READY';
  ownerId: string | null;
  createdAt: Date;
}

export interface FilesService {
  findFile(projectId: string, id: string): Promise<FileRecord | null>;
}

export function createFilesService(db: Database): FilesService {
  return {
    async findFile(projectId, id) {
      if (!isUuid(id)) return null;
      const row = await db.prisma.file.findFirst({ where: { id, projectId }, include: { bucket: { select: { name: true } } } });
      return row && { ...row, bucket: row.bucket.name, size: Number(row.size) };
    },
  };
}
