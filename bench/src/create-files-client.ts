/** The GraphQL side of files, with the project's secret key (no user to sign in). */
export interface FilesClient {
  createBucket(name: string, maxFileSize: number): Promise<void>;
  /** A ticket for one upload: the URL to PUT to and the file's id. */
  createUploadUrl(bucket: string, name: string, contentType: string, size: number): Promise<{ url: string; id: string }>;
  /** A signed download URL of a READY file. */
  downloadUrl(id: string): Promise<string>;
}

/** Creates a client that posts to `${gatewayUrl}/graphql` and fails loudly on any error. */
export function createFilesClient(gatewayUrl: string, secretKey: string): FilesClient {
  const gql = async <Data>(query: string, variables: Record<string, unknown>): Promise<Data> => {
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': secretKey },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const body = ((): { data?: Data; errors?: unknown } => {
      try {
        return JSON.parse(text) as { data?: Data; errors?: unknown };
      } catch {
        return {};
      }
    })();
    if (!response.ok || body.errors || !body.data) throw new Error(`${query.slice(0, 60)}… answered ${response.status}: ${text.slice(0, 500)}`);
    return body.data;
  };
  return {
    async createBucket(name, maxFileSize) {
      await gql('mutation ($n: String!, $m: Int!) { createBucket(name: $n, maxFileSize: $m) { name } }', { n: name, m: maxFileSize });
    },
    async createUploadUrl(bucket, name, contentType, size) {
      const data = await gql<{ createUploadUrl: { url: string; file: { id: string } } }>(
        'mutation ($b: String!, $n: String!, $t: String!, $s: Int!) { createUploadUrl(bucket: $b, name: $n, contentType: $t, size: $s) { url file { id } } }',
        { b: bucket, n: name, t: contentType, s: size },
      );
      return { url: data.createUploadUrl.url, id: data.createUploadUrl.file.id };
    },
    async downloadUrl(id) {
      // Long enough for the slowest download of the run to start with it.
      const data = await gql<{ file: { downloadUrl: string } | null }>('query ($id: ID!) { file(id: $id) { downloadUrl(expiresIn: 3600) } }', { id });
      if (!data.file) throw new Error(`file ${id} was not found after its upload`);
      return data.file.downloadUrl;
    },
  };
}
