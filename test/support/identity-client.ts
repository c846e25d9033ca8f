import { postGraphQL, type GraphQLResponse } from './graphql-client.ts';

export interface Caller {
  /** x-api-key */
  key?: string;
  /** the access token, sent as `authorization: Bearer` */
  token?: string;
  headers?: Record<string, string>;
}

/** One operation against the gateway as `caller`. */
export function gql<Data = Record<string, any>>(gatewayUrl: string, query: string, variables: Record<string, unknown> = {}, caller: Caller = {}): Promise<GraphQLResponse<Data>> {
  const headers: Record<string, string> = { ...caller.headers };
  if (caller.key) headers['x-api-key'] = caller.key;
  if (caller.token) headers['authorization'] = `Bearer ${caller.token}`;
  return postGraphQL<Data>(gatewayUrl, query, { variables, headers });
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string | null };
}

const authFields = 'accessToken refreshToken expiresIn user { id email emailVerified anonymous roles }';

/** Signs a new user up and returns the session, or throws with the errors. */
export async function signUp(gatewayUrl: string, key: string, email: string, password = 'correct horse battery staple'): Promise<Session> {
  const response = await gql<{ signUp: Session }>(gatewayUrl, `mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { ${authFields} } }`, { email, password }, { key });
  if (!response.body.data?.signUp) throw new Error(`signUp failed: ${JSON.stringify(response.body.errors)}`);
  return response.body.data.signUp;
}

export async function signIn(gatewayUrl: string, key: string, email: string, password: string, totpCode?: string): Promise<GraphQLResponse<{ signIn: Session }>> {
  return gql<{ signIn: Session }>(
    gatewayUrl,
    `mutation ($email: String!, $password: String!, $totpCode: String) { signIn(email: $email, password: $password, totpCode: $totpCode) { ${authFields} } }`,
    { email, password, totpCode },
    { key },
  );
}

export async function refresh(gatewayUrl: string, key: string, refreshToken: string): Promise<GraphQLResponse<{ refreshSession: Session }>> {
  return gql<{ refreshSession: Session }>(gatewayUrl, `mutation ($t: String!) { refreshSession(refreshToken: $t) { ${authFields} } }`, { t: refreshToken }, { key });
}

/** A fresh, unique email for one test. */
export function uniqueEmail(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 10)}@example.com`;
}

/** The error codes of a response, in order. */
export function codes(response: GraphQLResponse<unknown>): unknown[] {
  return (response.body.errors ?? []).map((error) => error.extensions?.['code']);
}
