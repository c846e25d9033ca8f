import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createFileUrlSigner } from '@fedbase/subgraph-files';
import { startS3rver, startStack, type RunningStack, type StackProject } from '@fedbase/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { codes, gql, signUp, uniqueEmail, type Session } from '../../support/identity-client.ts';
import { putStream } from '../../support/put-stream.ts';

interface Backend {
  name: string;
  /**
   * How much the files subgraph's RSS may grow while 200 MiB go through it: far below the file.
   * lib-storage allocates a fresh 8 MiB buffer per S3 part and V8 collects them late, so RSS there
   * runs tens of MiB above what is in use (the store's own tests measured +18 MiB after a forced GC).
   */
  memoryGrowthMiB: number;
  /** Extra environment for the stack, and a clean-up. */
  start(): Promise<{ env: Record<string, string>; stop: () => Promise<void> }>;
}

const backends: Backend[] = [
  { name: 'a directory under DATA_DIR', memoryGrowthMiB: 60, start: async () => ({ env: {}, stop: async () => {} }) },
  {
    name: 'S3 (s3rver on loopback)',
    memoryGrowthMiB: 150,
    async start() {
      const s3 = await startS3rver();
      return { env: { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_BUCKET: 'fedbase-e2e' }, stop: () => s3.close() };
    },
  },
];

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(backends)('files through the gateway, stored in $name', (backend) => {
  let stack: RunningStack;
  let project: StackProject;
  let ann: Session;
  let bob: Session;
  let stopBackend: () => Promise<void>;

  beforeAll(async () => {
    const started = await backend.start();
    stopBackend = started.stop;
    stack = await startStack({ env: { PASSWORD_HASH_COST: '10', AUTH_ATTEMPTS_PER_IP: '10000', ...started.env } });
    project = stack.firstProject!;
    for (const definition of [
      'createBucket(name: "avatars", public: true, maxFileSize: 1048576, allowedContentTypes: ["image/*"]) { name public maxFileSize allowedContentTypes }',
      'createBucket(name: "private", maxFileSize: 300000000) { name public }',
    ]) {
      const created = await gql(stack.gatewayUrl, `mutation { ${definition} }`, {}, { key: project.secretKey });
      expect(created.body.errors).toBeUndefined();
    }
    ann = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('ann'));
    bob = await signUp(stack.gatewayUrl, project.publishableKey, uniqueEmail('bob'));
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await stopBackend?.();
  });

  const as = (session: Session | null) => ({ key: project.publishableKey, ...(session ? { token: session.accessToken } : {}) });
  const ticket = async (session: Session | null, bucket: string, name: string, contentType: string, size: number) => {
    const response = await gql(
      stack.gatewayUrl,
      'mutation ($b: String!, $n: String!, $t: String!, $s: Int!) { createUploadUrl(bucket: $b, name: $n, contentType: $t, size: $s) { url expiresAt file { id status size } } }',
      { b: bucket, n: name, t: contentType, s: size },
      as(session),
    );
    return response;
  };
  const upload = async (session: Session, bucket: string, name: string, contentType: string, bytes: Buffer) => {
    const created = await ticket(session, bucket, name, contentType, bytes.length);
    expect(created.body.errors).toBeUndefined();
    const { url, file } = created.body.data?.['createUploadUrl'] as { url: string; file: { id: string } };
    const put = await fetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body: new Uint8Array(bytes) });
    return { url, id: file.id, put };
  };
  const downloadUrl = async (session: Session | null, id: string, key = project.publishableKey) =>
    (await gql(stack.gatewayUrl, 'query ($id: ID!) { file(id: $id) { downloadUrl(expiresIn: 60) status sha256 owner { email } } }', { id }, { key, ...(session ? { token: session.accessToken } : {}) })).body.data?.['file'];

  it('stores an upload with its SHA-256 and serves it back with type, length, ETag and a safe disposition', async () => {
    const bytes = randomBytes(70_000);
    const { id, put } = await upload(ann, 'avatars', 'me "quoted"; \u00e9t\u00e9 %20.png', 'image/png', bytes);
    expect(put.status).toBe(201);
    expect(await put.json()).toEqual({ id, size: bytes.length, sha256: sha256(bytes) });
    const file = await downloadUrl(bob, id);
    expect(file).toMatchObject({ status: 'READY', sha256: sha256(bytes), owner: { email: ann.user.email } });
    const got = await fetch(file.downloadUrl);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-length')).toBe(String(bytes.length));
    expect(got.headers.get('etag')).toBe(`"${sha256(bytes)}"`);
    expect(got.headers.get('content-disposition')).toBe(`inline; filename="me \\"quoted\\"; ?t? %20.png"; filename*=UTF-8''me%20%22quoted%22%3B%20%C3%A9t%C3%A9%20%2520.png`);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    const attachment = await fetch(`${file.downloadUrl}?download`, { method: 'HEAD' });
    expect(attachment.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('answers byte ranges with 206 and impossible ones with 416', async () => {
    const bytes = randomBytes(10_000);
    const { id } = await upload(ann, 'avatars', 'range.png', 'image/png', bytes);
    const { downloadUrl: url } = await downloadUrl(ann, id);
    const part = await fetch(url, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/10000');
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    const tail = await fetch(url, { headers: { range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(-10))).toBe(true);
    expect((await fetch(url, { headers: { range: 'bytes=20000-' } })).status).toBe(416);
    expect((await fetch(url, { headers: { 'if-none-match': `"${sha256(bytes)}"` } })).status).toBe(304);
  });

  it('refuses a reused, altered, expired or wrong-kind token with 403', async () => {
    const bytes = randomBytes(1000);
    const { url, id, put } = await upload(ann, 'avatars', 'once.png', 'image/png', bytes);
    expect(put.status).toBe(201);
    const again = await fetch(url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(bytes) });
    expect(again.status).toBe(403);
    const token = url.split('/').at(-1)!;
    const [payload, signature] = token.split('.') as [string, string];
    const flipped = `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BA' : 'AA'}`;
    expect((await fetch(url.replace(token, flipped), { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(bytes) })).status).toBe(403);
    const { downloadUrl: download } = await downloadUrl(ann, id);
    expect((await fetch(download.replace('/download/', '/upload/'), { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(bytes) })).status).toBe(403);
    expect((await fetch(url.replace('/upload/', '/download/'))).status).toBe(403);
    // Expired: signed with the deployment's real key (derived from the operator's secret), a minute ago.
    const fresh = (await ticket(ann, 'avatars', 'late.png', 'image/png', bytes.length)).body.data?.['createUploadUrl'] as { file: { id: string }; url: string };
    const expired = createFileUrlSigner(stack.adminSecret).sign({ operation: 'upload', fileId: fresh.file.id, projectId: project.projectId, expiresAt: Math.floor(Date.now() / 1000) - 60 });
    const late = await fetch(fresh.url.replace(/[^/]+$/, expired), { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(bytes) });
    expect(late.status).toBe(403);
    expect(((await late.json()) as { error: string }).error).toMatch(/expired/);
  });

  it('refuses more bytes than declared with 413 and keeps nothing', async () => {
    const created = await ticket(ann, 'private', 'big.bin', 'application/octet-stream', 100_000);
    const { url, file } = created.body.data?.['createUploadUrl'] as { url: string; file: { id: string } };
    // Streamed without a length, so only counting mid-stream can catch it.
    const status413 = await putStream(url, 'application/octet-stream', (function* () { for (let i = 0; i < 40; i += 1) yield randomBytes(16_384); })());
    expect(status413).toBe(413);
    const status = await gql(stack.gatewayUrl, 'query ($id: ID!) { file(id: $id) { status sha256 } }', { id: file.id }, as(ann));
    expect(status.body.data?.['file']).toEqual({ status: 'PENDING', sha256: null });
    // The same ticket still works for the right bytes: a refused upload does not spend it.
    const right = randomBytes(100_000);
    const retry = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(right) });
    expect(retry.status).toBe(201);
  });

  it('refuses types a bucket does not take, files over its size, and a body of another type', async () => {
    expect(codes(await ticket(ann, 'avatars', 'a.pdf', 'application/pdf', 10))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await ticket(ann, 'avatars', 'huge.png', 'image/png', 2_000_000))).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(codes(await ticket(null, 'avatars', 'anon.png', 'image/png', 10))).toEqual(['UNAUTHENTICATED']);
    const created = await ticket(ann, 'avatars', 'typed.png', 'image/png', 4);
    const { url } = created.body.data?.['createUploadUrl'] as { url: string };
    expect((await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/html' }, body: '<b>' })).status).toBe(415);
  });

  it("keeps a private file to its owner and the secret key, and every file to its project", async () => {
    const { id } = await upload(ann, 'private', 'diary.txt', 'text/plain', Buffer.from('dear diary'));
    expect(await downloadUrl(bob, id)).toBeNull();
    expect(await downloadUrl(null, id)).toBeNull();
    expect((await downloadUrl(null, id, project.secretKey))?.status).toBe('READY');
    expect((await downloadUrl(ann, id))?.status).toBe('READY');
    const bobs = await gql(stack.gatewayUrl, '{ files(bucket: "private") { totalCount edges { node { id } } } }', {}, as(bob));
    expect(bobs.body.data?.['files'].edges.map((edge: { node: { id: string } }) => edge.node.id)).not.toContain(id);
    const other = await gql(stack.gatewayUrl, 'mutation { createProject(name: "elsewhere") { secretKey } }', {}, { headers: { 'x-admin-secret': stack.adminSecret } });
    const outsider = await gql(stack.gatewayUrl, 'query ($id: ID!) { file(id: $id) { id } }', { id }, { key: other.body.data?.['createProject'].secretKey });
    expect(outsider.body.data?.['file']).toBeNull();
    expect(codes(await gql(stack.gatewayUrl, 'mutation ($id: ID!) { deleteFile(id: $id) }', { id }, as(bob)))).toEqual(['NOT_FOUND']);
  });

  it('deletes the bytes with the file: its download URL stops working', async () => {
    const { id } = await upload(ann, 'avatars', 'gone.png', 'image/png', randomBytes(500));
    const { downloadUrl: url } = await downloadUrl(ann, id);
    expect((await fetch(url)).status).toBe(200);
    const deleted = await gql(stack.gatewayUrl, 'mutation ($id: ID!) { deleteFile(id: $id) }', { id }, as(ann));
    expect(deleted.body.data?.['deleteFile']).toBe(true);
    expect((await fetch(url)).status).toBe(404);
    if (!process.env['S3_ENDPOINT']) {
      // On disk the object itself is gone too (S3's is checked by the store's own tests).
      const stored = await readdir(join(stack.dataDir, 'files', 'storage', 'objects', project.projectId)).catch(() => []);
      expect(stored).not.toContain(id);
    }
  });

  it('streams a 200 MB upload and download with the files subgraph holding far less than the file in memory', async () => {
    const size = 200 * 1024 * 1024;
    const created = await ticket(ann, 'private', 'large.bin', 'application/octet-stream', size);
    const { url, file } = created.body.data?.['createUploadUrl'] as { url: string; file: { id: string } };
    const filesPid = stack.pids['files']!;
    const rss = async () => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${filesPid}/status`, 'utf8').catch(() => ''))?.[1] ?? 0) * 1024;
    const before = await rss();
    let peak = before;
    const sampler = setInterval(() => void rss().then((value) => (peak = Math.max(peak, value))), 50);
    onTestFinished(() => clearInterval(sampler));
    const hash = createHash('sha256');
    const chunk = randomBytes(1024 * 1024);
    const body = Readable.from((function* () { for (let i = 0; i < 200; i += 1) { hash.update(chunk); yield chunk; } })());
    const put = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) }, body: Readable.toWeb(body) as ReadableStream, duplex: 'half' } as RequestInit);
    expect(put.status).toBe(201);
    expect((await put.json()).sha256).toBe(hash.digest('hex'));
    const { downloadUrl: download } = await downloadUrl(ann, file.id);
    const got = await fetch(download);
    let received = 0;
    for await (const part of got.body as unknown as AsyncIterable<Uint8Array>) received += part.length;
    clearInterval(sampler);
    expect(received).toBe(size);
    const grewMiB = (peak - before) / 1024 / 1024;
    console.log(`files subgraph RSS: ${(before / 1048576).toFixed(0)} MiB before, peak +${grewMiB.toFixed(0)} MiB during a 200 MiB upload and download (${backend.name})`);
    expect(grewMiB).toBeLessThan(backend.memoryGrowthMiB);
  }, 180_000);

  it("reports the project's stored bytes and download egress to billing, which proves itself with the operator's secret", async () => {
    const base = stack.urls['files']!.replace(/\/graphql$/, '');
    const period = new Date().toISOString().slice(0, 7);
    const url = `${base}/internal/usage?projectId=${project.projectId}&period=${period}`;
    expect((await fetch(url)).status).toBe(401);
    const usage = (await (await fetch(url, { headers: { 'x-admin-secret': stack.adminSecret } })).json()) as { storageBytes: number; egressBytes: number };
    expect(usage.storageBytes).toBeGreaterThan(200 * 1024 * 1024);
    expect(usage.egressBytes).toBeGreaterThan(200 * 1024 * 1024);
    expect((await fetch(`${base}/internal/usage?projectId=x&period=2026-13`, { headers: { 'x-admin-secret': stack.adminSecret } })).status).toBe(400);
  });
});
