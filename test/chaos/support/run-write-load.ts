import { gql, type Caller } from '../../support/identity-client.ts';

export interface WriteLoadResult {
  /** Ids of the documents whose creation was acknowledged (the client got the id back). */
  readonly acknowledged: string[];
  /** Writes answered without an id, by error code (or `network` when no answer came). */
  readonly failed: Record<string, number>;
}

export interface WriteLoadOptions {
  url: string;
  caller: Caller;
  collection: string;
  /** Writers in parallel. */
  concurrency: number;
  /** Runs until this resolves. */
  until: Promise<unknown>;
}

/** Creates documents as fast as `concurrency` writers can until told to stop, recording what was acknowledged. */
export async function runWriteLoad({ url, caller, collection, concurrency, until }: WriteLoadOptions): Promise<WriteLoadResult> {
  const acknowledged: string[] = [];
  const failed: Record<string, number> = {};
  let stop = false;
  void until.then(() => (stop = true));
  const writer = async (writerId: number) => {
    for (let n = 0; !stop; n += 1) {
      try {
        const response = await gql(url, 'mutation ($c: String!, $d: JSON!) { createDocument(collection: $c, data: $d) { id } }', { c: collection, d: { n, writer: writerId } }, caller);
        const id = response.body.data?.['createDocument']?.id as string | undefined;
        if (id) acknowledged.push(id);
        else {
          const code = String(response.body.errors?.[0]?.extensions?.['code'] ?? response.status);
          failed[code] = (failed[code] ?? 0) + 1;
        }
      } catch {
        failed['network'] = (failed['network'] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => writer(i)));
  return { acknowledged, failed };
}
