import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError } from '@fedbase/config';
import { parse } from 'graphql';
import type { TrustedDocuments } from './trusted-documents.ts';

const sha256Hex = /^[0-9a-f]{64}$/i;

/**
 * Reads a TRUSTED_DOCUMENTS manifest: Apollo's persisted query manifest
 * (`{"format":"apollo-persisted-query-manifest","version":1,"operations":[{"id","name","type","body"}]}`)
 * or a plain `{"<sha256 hex>": "document"}` object. Every id must be the sha256 of its document
 * and every document must parse, or the gateway does not start (ConfigError, one line naming
 * what is wrong): a typo found at deploy time, not by the app that sends that operation.
 */
export async function loadTrustedDocuments(path: string): Promise<TrustedDocuments> {
  const fail = (problem: string): never => {
    throw new ConfigError([`TRUSTED_DOCUMENTS ${path}: ${problem}`]);
  };
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(code ? `cannot be read (${code})` : `is not JSON (${(error as Error).message})`);
  }
  const entries = manifestEntries(manifest) ?? fail('is neither an apollo-persisted-query-manifest (version 1) nor an object of {"<sha256 hex>": "document"}');
  const documents = new Map<string, string>();
  for (const { id, name, body } of entries) {
    const label = name ? `operation ${JSON.stringify(name)} (${id})` : `operation ${id}`;
    if (typeof id !== 'string' || !sha256Hex.test(id)) fail(`${label}: the id must be the 64 hex digits of the document's sha256`);
    if (typeof body !== 'string' || body.trim() === '') fail(`${label}: the document must be a non-empty string`);
    const hash = createHash('sha256').update(body as string).digest('hex');
    if (hash !== (id as string).toLowerCase()) fail(`${label}: the id is not the sha256 of its document (that is ${hash})`);
    try {
      parse(body as string);
    } catch (error) {
      fail(`${label}: ${(error as Error).message}`);
    }
    documents.set(hash, body as string);
  }
  return { get: (hash) => documents.get(hash.toLowerCase()), size: documents.size };
}

interface ManifestEntry {
  id: unknown;
  name?: unknown;
  body: unknown;
}

function manifestEntries(manifest: unknown): ManifestEntry[] | undefined {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) return undefined;
  const record = manifest as Record<string, unknown>;
  if ('format' in record || 'operations' in record) {
    if (record['format'] !== 'apollo-persisted-query-manifest' || record['version'] !== 1 || !Array.isArray(record['operations'])) return undefined;
    return (record['operations'] as unknown[]).map((operation) => {
      const entry = (typeof operation === 'object' && operation !== null ? operation : {}) as Record<string, unknown>;
      return { id: entry['id'], name: entry['name'], body: entry['body'] };
    });
  }
  return Object.entries(record).map(([id, body]) => ({ id, body }));
}
