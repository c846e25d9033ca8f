import { defineConfig } from 'prisma/config';

// This file configures the Prisma CLI (generate, migrate diff), never the running services.
// The URLs default to an in-memory PGlite served by our schema-engine shim, so diffs against
// the migrations folder need no database server.
const url = process.env['DATABASE_URL'] ?? 'pglite:memory';
const shadowDatabaseUrl = process.env['SHADOW_DATABASE_URL'] ?? 'pglite:memory';

export default defineConfig({
  schema: 'schema',
  migrations: { path: 'migrations' },
  datasource: { url, shadowDatabaseUrl },
});
