/**
 * A SQL string literal: single quotes doubled. Only for names already checked against the
 * collection's fields (values always go in parameters); escaping anyway keeps a name that slipped
 * past validation from ending the literal. Backslashes need no escaping: standard_conforming_strings
 * is on in every supported PostgreSQL, and PGlite.
 */
export function sqlStringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
