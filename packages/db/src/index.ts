export type { Database } from './database.ts';
export { embeddedDatabaseDir, openDatabase, type OpenDatabaseOptions } from './open-database.ts';
export { prepareEmbeddedDatabases } from './prepare-embedded-databases.ts';
export { openPostgresDatabase, type OpenPostgresDatabaseOptions } from './open-postgres-database.ts';
export { openPgliteDatabase, type OpenPgliteDatabaseOptions } from './open-pglite-database.ts';
export { applyMigrations, type ApplyMigrationsOptions, type ApplyMigrationsResult } from './apply-migrations.ts';
export type { MigrationSession } from './migration-session.ts';
export { readMigrations, type MigrationFile } from './read-migrations.ts';
export { isUuid } from './is-uuid.ts';
