import type { RunningStack } from '@fedbase/testing';
import { gql, signUp } from '../../support/identity-client.ts';
import type { FuzzTargets } from './fuzz-targets.ts';

async function must<T>(label: string, pending: ReturnType<typeof gql>): Promise<T> {
  const response = await pending;
  if (response.body.errors || !response.body.data) throw new Error(`seeding: ${label} failed: ${JSON.stringify(response.body.errors)}`);
  return response.body.data as T;
}

/** A little real data through the API (a collection with rules, documents, a user, a bucket, an upload ticket). */
export async function seedStack(stack: RunningStack): Promise<FuzzTargets> {
  const { publishableKey, secretKey } = stack.firstProject!;
  const url = stack.gatewayUrl;
  const collection = 'posts';
  await must('createCollection', gql(url, `mutation { createCollection(name: "${collection}", fields: [{ name: "title", type: STRING, required: true }, { name: "score", type: INT },
    { name: "at", type: DATETIME }, { name: "meta", type: JSON }], rules: { read: "public", update: "owner", delete: "owner or role:admin" }) { name } }`, {}, { key: secretKey }));
  const email = 'fuzz-user@example.com';
  const session = await signUp(url, publishableKey, email);
  const user = { key: publishableKey, token: session.accessToken };
  const documentIds: string[] = [];
  for (const data of [{ title: 'Hello', score: 3 }, { title: 'World', score: 1, at: '2026-01-01T00:00:00Z' }, { title: 'Deep', meta: { a: [1, { b: 'c' }] } }]) {
    const created = await must<{ createDocument: { id: string } }>('createDocument', gql(url, 'mutation ($d: JSON!) { createDocument(collection: "posts", data: $d) { id } }', { d: data }, user));
    documentIds.push(created.createDocument.id);
  }
  const bucket = 'avatars';
  await must('createBucket', gql(url, `mutation { createBucket(name: "${bucket}", public: true, maxFileSize: 1048576, allowedContentTypes: ["image/*"]) { name } }`, {}, { key: secretKey }));
  const ticket = await must<{ createUploadUrl: { url: string; file: { id: string } } }>(
    'createUploadUrl',
    gql(url, `mutation { createUploadUrl(bucket: "${bucket}", name: "me.png", contentType: "image/png", size: 52133) { url file { id } } }`, {}, user),
  );
  return {
    publishableKey,
    secretKey,
    adminSecret: stack.adminSecret,
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    userId: session.user.id,
    email,
    collection,
    documentIds,
    bucket,
    fileId: ticket.createUploadUrl.file.id,
    uploadPath: new URL(ticket.createUploadUrl.url).pathname,
  };
}
