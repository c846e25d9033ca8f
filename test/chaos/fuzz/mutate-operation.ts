import type { CorpusOperation } from './operation-corpus.ts';
import type { Random } from './random.ts';
import { toGraphQLLiteral, wrongValue } from './wrong-value.ts';

export interface MutatedOperation {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

const tokenPattern = /"(?:[^"\\]|\\.)*"|[_A-Za-z][_0-9A-Za-z]*|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\.\.|\S/g;
const punctuation = ['{', '}', '(', ')', '[', ']', ':', '$', '@', '!', '=', '|', '&', '...', '"', '#', '\\', ','];
const strangeNames = ['__typename', '__schema', 'unknownField', 'me', 'id', 'edges', 'node', 'data', 'owner', 'email', 'x'.repeat(300), 'été', '_'];

type Mutation = (random: Random, operation: MutatedOperation) => void;

function tokens(query: string): string[] {
  return query.match(tokenPattern) ?? [];
}

const mutations: Mutation[] = [
  (random, op) => {
    const list = tokens(op.query);
    list.splice(random.int(0, list.length - 1), 1);
    op.query = list.join(' ');
  },
  (random, op) => {
    const list = tokens(op.query);
    const at = random.int(0, list.length - 1);
    list.splice(at, 0, ...Array.from({ length: random.int(1, 3) }, () => list[at]!));
    op.query = list.join(' ');
  },
  (random, op) => {
    const list = tokens(op.query);
    const a = random.int(0, list.length - 1);
    const b = random.int(0, list.length - 1);
    [list[a], list[b]] = [list[b]!, list[a]!];
    op.query = list.join(' ');
  },
  (random, op) => {
    const list = tokens(op.query);
    list.splice(random.int(0, list.length), 0, random.pick(punctuation));
    op.query = list.join(' ');
  },
  (random, op) => {
    const at = random.int(0, op.query.length);
    op.query = random.chance(0.5) ? op.query.slice(0, at) + op.query.slice(at + 1) : op.query.slice(0, at) + random.string(1) + op.query.slice(at);
  },
  (random, op) => {
    // An inline argument value replaced by a literal of another type.
    const list = tokens(op.query);
    const literals = list.flatMap((token, i) => (/^["\d-]/.test(token) || token === 'true' || token === 'false' || /^[A-Z]+$/.test(token) ? [i] : []));
    if (literals.length) list[random.pick(literals)] = toGraphQLLiteral(wrongValue(random));
    op.query = list.join(' ');
  },
  (random, op) => {
    // An unknown or repeated field inside the first selection set.
    const at = op.query.indexOf('{', op.query.indexOf('{') + 1);
    const field = random.pick(strangeNames);
    const inserted = random.chance(0.5) ? ` ${field} ` : ` ${Array.from({ length: random.int(2, 30) }, (_, i) => `a${random.chance(0.5) ? i : ''}: ${field}`).join(' ')} `;
    if (at !== -1) op.query = op.query.slice(0, at + 1) + inserted + op.query.slice(at + 1);
  },
  (random, op) => {
    // The whole operation again under the same or another name: several operations in one document.
    op.query = `${op.query}\n${random.chance(0.5) ? op.query : `query ${random.pick(['A', 'Page', 'Sessions', 'Everything'])} { __typename }`}`;
  },
  (random, op) => {
    const names = Object.keys(op.variables ?? {});
    const variables = { ...op.variables };
    const name = names.length && random.chance(0.8) ? random.pick(names) : random.string(random.int(1, 8));
    if (random.chance(0.2)) delete variables[name];
    else variables[name] = wrongValue(random);
    op.variables = variables;
  },
  (random, op) => {
    op.operationName = random.pick([random.string(random.int(0, 20)), 'Page', 'Everything', 'Sessions', '', 'x'.repeat(5_000), '__proto__']);
  },
];

/** One to three random deformations of a real operation: its text, its variables or its name. */
export function mutateOperation(random: Random, source: CorpusOperation): MutatedOperation {
  const op: MutatedOperation = { query: source.query, variables: source.variables ? { ...source.variables } : undefined, operationName: source.operationName };
  const count = random.int(1, 3);
  for (let i = 0; i < count; i++) random.pick(mutations)(random, op);
  return op;
}
