import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@fedbase/config';
import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createDepthLimitRule } from './create-depth-limit-rule.ts';
import { createOperatorCheck } from './is-operator.ts';
import { loadTrustedDocuments } from './load-trusted-documents.ts';
import { resolveDocument, trustedOnly } from './resolve-document.ts';
import { scanSource } from './scan-source.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const limits = { maxTokens: 5_000, maxDepth: 15 };

describe('scanSource', () => {
  it('lets an ordinary document and the explorer\'s introspection query through', () => {
    expect(scanSource('{ documents(collection: "posts", where: { or: [{ a: { eq: 1 } }] }) { edges { node { id } } } }', limits)).toBeUndefined();
    expect(scanSource(getIntrospectionQuery({ descriptions: true }), limits)).toBeUndefined();
  });

  it('refuses 50,000 nested selections before the recursive parser could overflow the stack', () => {
    const bomb = `${'{a'.repeat(50_000)}${'}'.repeat(50_000)}`;
    expect(scanSource(bomb, { maxTokens: 1_000_000, maxDepth: 15 })).toMatch(/nests braces and brackets more than 47 levels deep; the limit is 47 \(MAX_QUERY_DEPTH \+ 32\)/);
  });

  it('refuses a document with more tokens than MAX_QUERY_TOKENS, naming the limit', () => {
    expect(scanSource(`{ ${'a '.repeat(100_000)}}`, limits)).toMatch(/more than 5000 tokens; the limit is 5000 \(MAX_QUERY_TOKENS\)/);
  });

  it('does not count braces inside strings and leaves syntax errors to the parser', () => {
    expect(scanSource(`{ a(s: "${'{'.repeat(100)}") }`, limits)).toBeUndefined();
    expect(scanSource('{ a(s: "unterminated) }', limits)).toBeUndefined();
  });
});

describe('createDepthLimitRule', () => {
  const schema = buildSchema('type Query { a: A } type A { a: A, b: Int }');
  const errors = (source: string) => validate(schema, parse(source), [...specifiedRules, createDepthLimitRule(3)]).map((error) => error.message);

  it('refuses an operation deeper than the limit with the measured depth, the limit and what to do', () => {
    expect(errors('{ a { a { b } } }')).toEqual([]);
    expect(errors('{ a { a { a { b } } } }')).toEqual(['This query is 4 levels deep; the limit is 3 (MAX_QUERY_DEPTH). Split it or ask for fewer nested fields.']);
  });

  it('measures depth through fragments', () => {
    expect(errors('{ a { ...F } } fragment F on A { a { a { b } } }')).toHaveLength(1);
  });
});

describe('createOperatorCheck', () => {
  it('recognises the operator\'s secret only, and nobody without ADMIN_SECRET', () => {
    const isOperator = createOperatorCheck('s'.repeat(32));
    expect(isOperator('s'.repeat(32))).toBe(true);
    expect(isOperator('s'.repeat(31))).toBe(false);
    expect(isOperator(null)).toBe(false);
    expect(createOperatorCheck(undefined)('')).toBe(false);
  });
});

describe('loadTrustedDocuments', () => {
  const manifest = async (content: unknown) => {
    const path = join(await mkdtemp(join(tmpdir(), 'trusted-')), 'manifest.json');
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const body = 'query Plans { plans { id } }';

  it('reads Apollo\'s persisted query manifest and the plain object form', async () => {
    const apollo = await loadTrustedDocuments(await manifest({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: sha256(body), name: 'Plans', type: 'query', body }] }));
    expect(apollo.get(sha256(body))).toBe(body);
    const plain = await loadTrustedDocuments(await manifest({ [sha256(body).toUpperCase()]: body }));
    expect(plain.get(sha256(body))).toBe(body);
  });

  it('stops the gateway with a one-line ConfigError naming the operation whose id is not its sha256', async () => {
    const path = await manifest({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'a'.repeat(64), name: 'Plans', type: 'query', body }] });
    const error = await loadTrustedDocuments(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`operation "Plans" (${'a'.repeat(64)}): the id is not the sha256 of its document (that is ${sha256(body)})`);
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses a file that is not JSON, not a manifest, or holds a document that does not parse', async () => {
    await expect(loadTrustedDocuments(await manifest('{nope'))).rejects.toThrow(/is not JSON/);
    await expect(loadTrustedDocuments(await manifest([1, 2]))).rejects.toThrow(/neither an apollo-persisted-query-manifest/);
    await expect(loadTrustedDocuments(await manifest({ [sha256('{ a')]: '{ a' }))).rejects.toThrow(/Syntax Error/);
    await expect(loadTrustedDocuments('/nonexistent/manifest.json')).rejects.toThrow(/cannot be read \(ENOENT\)/);
  });
});

describe('resolveDocument', () => {
  const body = 'query Plans { plans { id } }';
  const trusted = { get: (hash: string) => (hash.toLowerCase() === sha256(body) ? body : undefined), size: 1 };
  const nobody = { trusted, isOperator: () => false };

  it('runs a registered operation named by documentId, APQ hash or its exact text', async () => {
    expect(await resolveDocument({ documentId: `sha256:${sha256(body)}` }, nobody)).toMatchObject({ query: body });
    expect(await resolveDocument({ documentId: sha256(body) }, nobody)).toMatchObject({ query: body });
    expect(await resolveDocument({ query: '', extensions: { persistedQuery: { version: 1, sha256Hash: sha256(body) } } }, nobody)).toEqual({ query: body, extensions: {} });
    expect(await resolveDocument({ query: body }, nobody)).toMatchObject({ query: body });
  });

  it('refuses anything else, except to the operator', async () => {
    expect((await resolveDocument({ query: '{ plans { id } }' }, nobody)).refusal).toContain(trustedOnly);
    expect((await resolveDocument({ documentId: 'sha256:00' }, nobody)).refusal).toContain(trustedOnly);
    expect((await resolveDocument({ extensions: { persistedQuery: { version: 1, sha256Hash: '00' } } }, nobody)).refusal).toContain(trustedOnly);
    expect(await resolveDocument({ query: '{ plans { id } }' }, { trusted, isOperator: () => true })).toMatchObject({ query: '{ plans { id } }' });
  });

  it('changes nothing without TRUSTED_DOCUMENTS, but says a documentId needs it', async () => {
    const off = { trusted: undefined, isOperator: () => false };
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(body) } };
    expect(await resolveDocument({ query: '{ a }', extensions }, off)).toEqual({ query: '{ a }', extensions });
    expect((await resolveDocument({ documentId: sha256(body) }, off)).refusal).toMatch(/documentId needs TRUSTED_DOCUMENTS, which is off/);
  });
});
