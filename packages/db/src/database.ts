import type { PrismaClient } from '@fedbase/prisma';

/** An open database: PostgreSQL through a pool, or an embedded PGlite instance. */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly prisma: PrismaClient;
  /** parameterised raw query ($1, $2 ...) on the same connection pool / PGlite instance */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** true when a trivial query succeeds */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
