import type pg from 'pg';

/**
 * The last SQL text each other connection to the database ran on data.documents, from
 * pg_stat_activity (which keeps an idle backend's last query, up to track_activity_query_size,
 * 1 kB by default): the text the subgraph actually sent, placeholders and all, without the
 * pg_stat_statements extension (it needs shared_preload_libraries, a server restart).
 */
export async function lastDocumentQueries(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ query: string }>(
    "SELECT query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%FROM data.documents d WHERE%'",
  );
  return rows.map((row) => row.query);
}
