/**
 * A request's body and query string without an empty `operationName`. graphql-js reads `""` as a
 * name that no operation has, @apollo/gateway as no name at all; between the two Apollo Server
 * fails with a 500. A client sending `""` means "no name", so it is read as absent.
 */
export function dropEmptyOperationName(body: unknown, search: string): { body: unknown; search: string } {
  if (body && typeof body === 'object' && !Array.isArray(body) && (body as { operationName?: unknown }).operationName === '') {
    const { operationName: _empty, ...rest } = body as Record<string, unknown>;
    body = rest;
  }
  const params = new URLSearchParams(search);
  if (params.get('operationName') === '') {
    params.delete('operationName');
    search = `?${params.toString()}`;
  }
  return { body, search };
}
