import type { Random } from './random.ts';

/**
 * Documents that are valid or nearly so but expensive to parse, validate or plan: deep nesting,
 * many aliases, fragment cycles. The gateway's depth/cost/token limits are meant to refuse them.
 */
export function pathologicalDocument(random: Random, collection: string): string {
  const n = random.pick([100, 1_000, 5_000, 20_000]);
  switch (random.int(0, 6)) {
    case 0:
      return `{ __schema { types { ${'fields { type { ofType { '.repeat(Math.min(n, 300))}name${' } } }'.repeat(Math.min(n, 300))} } } }`;
    case 1:
      return `{ ${Array.from({ length: Math.min(n, 5_000) }, (_, i) => `a${i}: me { id email }`).join(' ')} }`;
    case 2:
      return `{ ${Array.from({ length: Math.min(n, 2_000) }, (_, i) => `d${i}: documents(collection: "${collection}", first: 100) { edges { node { owner { email } } } }`).join(' ')} }`;
    case 3:
      return `{ documents(collection: "${collection}", where: ${'['.repeat(n)}1${']'.repeat(n)}) { totalCount } }`;
    case 4:
      return 'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }';
    case 5:
      return `{ ${'__typename '.repeat(Math.min(n, 50_000))} }`;
    default:
      return `${'{ '.repeat(n)}me${' }'.repeat(n)}`;
  }
}
