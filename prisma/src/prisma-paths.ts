import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Where the schema package keeps its files on disk, for the migration runner and the tools
 * that drive the Prisma CLI (drift checks, `migration:new`).
 */
export const prismaPaths = Object.freeze({
  /** the package folder (holds `prisma.config.ts`) */
  root,
  /** the multi-file Prisma schema */
  schemaDir: fileURLToPath(new URL('../schema/', import.meta.url)),
  /** `<stamp>_<name>/migration.sql` folders, applied in name order */
  migrationsDir: fileURLToPath(new URL('../migrations/', import.meta.url)),
  /** executable the Prisma CLI accepts as `PRISMA_SCHEMA_ENGINE_BINARY` (our wasm shim) */
  schemaEngine: fileURLToPath(new URL('../tools/schema-engine/schema-engine', import.meta.url)),
});
