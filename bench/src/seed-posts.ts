import type { StackProject } from '@fedbase/testing';

/** How the benchmark reads the posts of one stack, and what every answer must hold. */
export interface SeededPosts {
  /** `x-api-key` (publishable) and `authorization: Bearer`: the app's user, as an app would send them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly email: string;
  readonly count: number;
}

export interface SeedPostsOptions {
  gatewayUrl: string;
  project: StackProject;
  /** Documents to create. */
  count: number;
}

/**
 * Sets one stack up the way the apps use it: a collection `posts` made with the secret key (read
 * rule `public`), a user signed up with the publishable key, and `count` documents created as that
 * user, so each document's `owner` is an entity the gateway fetches from identity.
 */
export async function seedPosts({ gatewayUrl, project, count }: SeedPostsOptions): Promise<SeededPosts> {
  const post = async <Data>(query: string, headers: Record<string, string>, variables: Record<string, unknown> = {}): Promise<Data> => {
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { data?: Data; errors?: unknown[] };
    if (response.status !== 200 || body.errors || !body.data) throw new Error(`${gatewayUrl} answered ${response.status}: ${text.slice(0, 500)}`);
    return body.data;
  };
  await post('mutation { createCollection(name: "posts", fields: [{ name: "title", type: STRING }], rules: { read: "public" }) { name } }', { 'x-api-key': project.secretKey });
  const email = `bench-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const { signUp } = await post<{ signUp: { accessToken: string } }>(
    'mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { accessToken } }',
    { 'x-api-key': project.publishableKey },
    { email, password: 'correct horse battery staple' },
  );
  const headers = { 'x-api-key': project.publishableKey, authorization: `Bearer ${signUp.accessToken}` };
  // All at once: one after the other, seeding took about 20 s per stack in a trial.
  const titles = Array.from({ length: count }, (_, index) => `Post ${index + 1}`);
  await Promise.all(titles.map((title) => post('mutation ($data: JSON!) { createDocument(collection: "posts", data: $data) { id } }', headers, { data: { title } })));
  return { headers, email, count };
}
