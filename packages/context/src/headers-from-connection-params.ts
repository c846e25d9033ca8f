/**
 * graphql-ws has no HTTP headers per operation: clients send them as `connectionParams`. Keep the
 * string values, lower-cased like node's headers, so one context builder serves HTTP and sockets.
 */
export function headersFromConnectionParams(params: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (typeof value === 'string') headers[key.toLowerCase()] = value;
  }
  return headers;
}
