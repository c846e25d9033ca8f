/** A GraphQL response as the tests read it. */
export interface GraphQLResponse<Data = Record<string, unknown>> {
  status: number;
  contentType: string | null;
  body: { data?: Data | null; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] };
}

/** POSTs one operation to `${gatewayUrl}/graphql` the way an app would. */
export async function postGraphQL<Data = Record<string, unknown>>(
  gatewayUrl: string,
  query: string,
  options: { variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify({ query, variables: options.variables }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as GraphQLResponse<Data>['body'] };
}
