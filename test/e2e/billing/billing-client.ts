import { gql } from '../../support/identity-client.ts';

export interface ProjectKeys {
  projectId: string;
  publishableKey: string;
  secretKey: string;
}

/** A new project (operator's secret), moved to `plan` with its own secret key. */
export async function createProjectOnPlan(gatewayUrl: string, adminSecret: string, plan: string): Promise<ProjectKeys> {
  const created = await gql(gatewayUrl, 'mutation ($n: String!) { createProject(name: $n) { project { id } publishableKey secretKey } }', { n: `billing ${plan}` }, { headers: { 'x-admin-secret': adminSecret } });
  const keys = created.body.data?.['createProject'] as { project: { id: string }; publishableKey: string; secretKey: string } | undefined;
  if (!keys) throw new Error(`createProject failed: ${JSON.stringify(created.body.errors)}`);
  const moved = await gql(gatewayUrl, 'mutation ($p: String!) { setPlan(plan: $p) { id } }', { p: plan }, { key: keys.secretKey });
  if (moved.body.errors) throw new Error(`setPlan failed: ${JSON.stringify(moved.body.errors)}`);
  return { projectId: keys.project.id, publishableKey: keys.publishableKey, secretKey: keys.secretKey };
}

/** One POST with the raw HTTP answer (status, Retry-After) and its GraphQL body. */
export async function post(gatewayUrl: string, key: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body, code: body.errors?.[0]?.extensions?.['code'] };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
