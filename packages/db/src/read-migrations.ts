import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface MigrationFile {
  /** folder name, `<stamp>_<name>`, as Prisma records it */
  name: string;
  sql: string;
  /** sha256 of the file's bytes, hex: what Prisma stores in `_prisma_migrations.checksum` */
  checksum: string;
}

/** Reads `<dir>/<stamp>_<name>/migration.sql` in name order, which is the order they apply in. */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(path.join(dir, name, 'migration.sql'));
      return {
        name,
        sql: bytes.toString('utf8'),
        checksum: createHash('sha256').update(bytes).digest('hex'),
      };
    }),
  );
}
