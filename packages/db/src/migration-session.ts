/**
 * One database session the migration runner holds for its whole run: the advisory lock and the
 * transactions it opens belong to a single connection, so a pool is not enough.
 */
export interface MigrationSession {
  /** one parameterised statement */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** a script of several statements, no parameters (pg simple query / PGlite exec) */
  exec(sql: string): Promise<void>;
}
