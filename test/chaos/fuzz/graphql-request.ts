import type { FuzzRequest } from './fuzz-request.ts';
import type { MutatedOperation } from './mutate-operation.ts';
import type { Header } from './random-credentials.ts';
import type { Random } from './random.ts';

/** An operation as an app sends it: mostly a JSON POST, sometimes a GET with the query in the URL. */
export function graphqlRequest(random: Random, kind: string, op: MutatedOperation, credentials: readonly Header[]): FuzzRequest {
  const payload = { query: op.query, ...(op.variables !== undefined ? { variables: op.variables } : {}), ...(op.operationName !== undefined ? { operationName: op.operationName } : {}) };
  if (random.chance(0.15)) {
    const search = new URLSearchParams({ query: op.query });
    if (op.variables !== undefined) search.set('variables', JSON.stringify(op.variables));
    if (op.operationName !== undefined) search.set('operationName', op.operationName);
    const path = `/graphql?${search.toString()}`;
    // A long GET would only measure Node's header limit (431): keep those as POSTs.
    if (path.length < 8_000) return { kind: `${kind} GET`, method: 'GET', path, headers: [['accept', 'application/json'], ...credentials] };
  }
  return {
    kind,
    method: 'POST',
    path: '/graphql',
    headers: [['content-type', random.pick(['application/json', 'application/json; charset=utf-8', 'application/graphql-response+json'])], ...credentials],
    body: Buffer.from(JSON.stringify(payload)),
  };
}
