import type { CallerKind, FuzzTargets } from './fuzz-targets.ts';

export interface CorpusOperation {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
  readonly as: CallerKind;
}

/**
 * Real operations of every subgraph, as the README and the SDL show them, aimed at the seeded
 * rows: the starting points the mutator deforms.
 */
export function operationCorpus(t: FuzzTargets): CorpusOperation[] {
  const [doc = '', otherDoc = ''] = t.documentIds;
  return [
    // identity
    { as: 'user', query: '{ me { id email emailVerified anonymous roles createdAt } }' },
    { as: 'user', query: 'query Sessions { sessions { id createdAt lastUsedAt userAgent current } currentSession { id } }', operationName: 'Sessions' },
    { as: 'secret', query: '{ apiKeys { id name kind prefix scopes createdAt revokedAt } devMailbox { id to subject } }' },
    { as: 'publishable', query: '{ project { id name createdAt } }' },
    { as: 'publishable', query: 'mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { accessToken user { id } } }', variables: { email: t.email, password: 'wrong password here' } },
    { as: 'publishable', query: 'mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { accessToken refreshToken expiresIn user { id email } } }', variables: { email: 'fuzz@example.com', password: 'short' } },
    { as: 'publishable', query: 'mutation ($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', variables: { t: 'not-a-refresh-token' } },
    { as: 'publishable', query: 'mutation { requestPasswordReset(email: "nobody@example.com") }' },
    { as: 'publishable', query: 'mutation ($token: String!, $p: String!) { resetPassword(token: $token, newPassword: $p) }', variables: { token: 'abc', p: 'correct horse battery staple' } },
    { as: 'publishable', query: 'mutation ($token: String!) { verifyEmail(token: $token) }', variables: { token: 'abc' } },
    { as: 'user', query: 'mutation ($code: String!) { confirmTotp(code: $code) }', variables: { code: '123456' } },
    { as: 'user', query: 'mutation ($id: ID!) { revokeSession(id: $id) }', variables: { id: '00000000-0000-0000-0000-000000000000' } },
    { as: 'secret', query: 'mutation ($name: String!, $kind: ApiKeyKind!, $scopes: [String!]) { createApiKey(name: $name, kind: $kind, scopes: $scopes) { key apiKey { id scopes } } }', variables: { name: 'fuzz', kind: 'PUBLISHABLE', scopes: ['project:read'] } },
    { as: 'secret', query: 'mutation ($id: ID!) { revokeApiKey(id: $id) }', variables: { id: 'nope' } },
    { as: 'secret', query: 'mutation ($u: ID!, $r: [String!]!) { setUserRoles(userId: $u, roles: $r) { id roles } }', variables: { u: t.userId, r: ['admin', 'editor'] } },
    { as: 'admin', query: 'mutation ($n: String!) { createProject(name: $n) { project { id } publishableKey } }', variables: { n: 'Fuzzed' } },
    // data
    { as: 'publishable', query: '{ collections { name fields { name type required } rules { read create update delete } createdAt } }' },
    { as: 'publishable', query: 'query ($c: String!, $id: ID!) { document(collection: $c, id: $id) { id collection data version owner { id email } createdAt updatedAt } }', variables: { c: t.collection, id: doc } },
    {
      as: 'publishable',
      query: 'query Page($c: String!, $w: JSON, $o: [DocumentOrder!], $n: Int, $a: String) { documents(collection: $c, where: $w, orderBy: $o, first: $n, after: $a) { totalCount edges { cursor node { id data owner { email } } } pageInfo { hasNextPage endCursor } } }',
      variables: { c: t.collection, w: { score: { gte: 2 }, or: [{ title: { contains: 'Hel' } }, { id: { in: [doc] } }] }, o: [{ field: 'score', direction: 'DESC' }], n: 20, a: null },
      operationName: 'Page',
    },
    { as: 'user', query: `{ documents(collection: "${t.collection}", where: { createdAt: { lt: "2100-01-01T00:00:00Z" }, and: [{ score: { in: [1, 2, 3] } }] }, orderBy: [{ field: "title", direction: ASC }], first: 3) { edges { node { id } } } }` },
    { as: 'user', query: 'mutation ($c: String!, $d: JSON!) { createDocument(collection: $c, data: $d) { id version data } }', variables: { c: t.collection, d: { title: 'Fuzz', score: 7, tags: ['a'] } } },
    { as: 'user', query: 'mutation ($c: String!, $id: ID!, $d: JSON!, $v: Int) { updateDocument(collection: $c, id: $id, data: $d, ifVersion: $v) { version } }', variables: { c: t.collection, id: otherDoc, d: { score: null }, v: 1 } },
    { as: 'user', query: 'mutation ($c: String!, $id: ID!) { deleteDocument(collection: $c, id: $id) }', variables: { c: t.collection, id: '00000000-0000-0000-0000-000000000000' } },
    { as: 'secret', query: 'mutation { createCollection(name: "fuzzed", fields: [{ name: "title", type: STRING, required: true }, { name: "at", type: DATETIME }, { name: "meta", type: JSON }], rules: { read: "public", update: "owner", delete: "owner or role:admin" }) { name } }' },
    // files
    { as: 'secret', query: 'mutation { createBucket(name: "fuzz-bucket", public: true, maxFileSize: 1048576, allowedContentTypes: ["image/*"]) { id name } }' },
    { as: 'user', query: 'mutation ($b: String!, $n: String!, $ct: String!, $s: Int!) { createUploadUrl(bucket: $b, name: $n, contentType: $ct, size: $s) { url expiresAt file { id } } }', variables: { b: t.bucket, n: 'me.png', ct: 'image/png', s: 52133 } },
    { as: 'secret', query: 'query ($id: ID!, $e: Int) { file(id: $id) { id name size sha256 status owner { email } downloadUrl(expiresIn: $e) } }', variables: { id: t.fileId, e: 3600 } },
    { as: 'publishable', query: 'query ($b: String!, $n: Int, $a: String) { files(bucket: $b, first: $n, after: $a) { totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }', variables: { b: t.bucket, n: 20, a: null } },
    { as: 'user', query: 'mutation ($id: ID!) { deleteFile(id: $id) }', variables: { id: '00000000-0000-0000-0000-000000000000' } },
    // events
    { as: 'user', query: 'mutation ($t: String!, $p: JSON!, $k: String) { publish(topic: $t, payload: $p, idempotencyKey: $k) { id topic payload createdAt } }', variables: { t: 'chat.room1', p: { text: 'hi' }, k: 'msg-1' } },
    { as: 'secret', query: 'query ($t: String!, $n: Int, $a: String) { events(topic: $t, first: $n, after: $a) { totalCount edges { cursor node { topic payload createdAt } } pageInfo { endCursor } } }', variables: { t: 'data.*', n: 50, a: null } },
    { as: 'secret', query: '{ webhooks { id url topics enabled } auditLog(first: 5) { edges { node { seq action at actor target details hash prevHash source } } } verifyAuditLog { ok checked firstBrokenSeq reason } }' },
    { as: 'secret', query: 'query ($w: ID!, $s: DeliveryStatus, $n: Int) { deliveries(webhookId: $w, status: $s, first: $n) { id status attempts event { id } } }', variables: { w: '00000000-0000-0000-0000-000000000000', s: 'DEAD', n: 10 } },
    { as: 'secret', query: 'mutation ($u: String!, $t: [String!]!) { createWebhook(url: $u, topics: $t, description: "fuzz") { secret webhook { id } } }', variables: { u: 'https://hooks.example.invalid/fuzz', t: ['app.fuzz.*'] } },
    { as: 'secret', query: 'mutation ($id: ID!, $e: Boolean, $t: [String!]) { updateWebhook(id: $id, enabled: $e, topics: $t) { id } }', variables: { id: 'x', e: false, t: ['*'] } },
    { as: 'secret', query: 'mutation ($id: ID!) { redeliver(deliveryId: $id) { id status } replayDeadLetters(webhookId: $id) }', variables: { id: '00000000-0000-0000-0000-000000000000' } },
    // billing
    { as: 'publishable', query: '{ plans { id name requestsPerSecond requestsPerMonth storageBytes egressBytes webhookDeliveriesPerMonth priceCents } currentPlan { id } }' },
    { as: 'secret', query: 'query ($p: String) { usage(period: $p) { period requests storageBytes egressBytes webhookDeliveries } }', variables: { p: '2026-11' } },
    { as: 'secret', query: 'query ($p: String!) { invoice(period: $p) { period totalCents currency lines { metric quantity unitPriceCents amountCents } } }', variables: { p: '2026-11' } },
    { as: 'secret', query: 'mutation ($p: String!) { setPlan(plan: $p) { id } }', variables: { p: 'unlimited' } },
    { as: 'secret', query: 'mutation ($n: Int!) { setSpendAlert(percentOfQuota: $n) }', variables: { n: 80 } },
    // across subgraphs, and the introspection the explorer sends
    { as: 'user', query: `query Everything { me { id } collections { name } plans { id } webhooks { id } file(id: "${t.fileId}") { name owner { email } } }`, operationName: 'Everything' },
    { as: 'anonymous', query: '{ __schema { queryType { name } types { name kind fields { name args { name type { name kind ofType { name } } } } } } }' },
    { as: 'anonymous', query: '{ __typename }' },
  ];
}
