import { getIntrospectionQuery, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { graphqlJs } from './graphql-js.ts';
import { measureCost } from './measure-cost.ts';
import { measureDepth } from './measure-depth.ts';
import { usesIntrospection } from './uses-introspection.ts';

// Built by the graphql-js the gateway's schema comes from (see graphql-js.ts).
const schema = graphqlJs.buildSchema(`
  type Query { me: User, users: [User!]!, documents(first: Int, after: String): DocumentConnection!, node(id: ID!): User }
  type User { id: ID!, friends: [User!]!, name: String }
  type DocumentConnection { edges: [DocumentEdge!]!, totalCount: Int! }
  type DocumentEdge { node: User! }
`);

const operationOf = (document: ReturnType<typeof parse>) => document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
const depth = (source: string) => {
  const document = parse(source);
  return measureDepth(document, operationOf(document));
};
const cost = (source: string, variables: Record<string, unknown> = {}) => {
  const document = parse(source);
  return measureCost({ schema, document, operation: operationOf(document), variables, defaultListSize: 10 });
};

describe('measureDepth', () => {
  it('counts nested selection sets', () => {
    expect(depth('{ me { id } }')).toBe(2);
    expect(depth('{ me { friends { friends { id } } } }')).toBe(4);
  });

  it('expands fragments and inline fragments where they are spread', () => {
    expect(depth('{ me { ...F } } fragment F on User { friends { ... on User { friends { id } } } }')).toBe(4);
  });

  it('ends on a fragment cycle instead of recursing forever', () => {
    expect(depth('{ me { ...A } } fragment A on User { friends { ...B } } fragment B on User { friends { ...A } }')).toBe(3);
  });

  it('measures a thousand spreads of one fragment without walking it a thousand times', () => {
    const spreads = Array.from({ length: 1000 }, () => '...F').join(' ');
    expect(depth(`{ me { ${spreads} } } fragment F on User { friends { id } }`)).toBe(3);
  });
});

describe('measureCost', () => {
  it('costs one per field when nothing is a list', () => {
    expect(cost('{ me { id name } }')).toBe(3);
  });

  it('multiplies what a list selects by the default size when the query gives none', () => {
    expect(cost('{ users { id } }')).toBe(1 + 10 * 1);
    expect(cost('{ users { friends { id } } }')).toBe(1 + 10 * (1 + 10 * 1));
  });

  it('takes a page size from a literal first, and does not multiply the edges of that page again', () => {
    expect(cost('{ documents(first: 100) { edges { node { id } } totalCount } }')).toBe(1 + 100 * (1 + 1 * (1 + 1) + 1));
  });

  it('takes a page size from a variable, and from its default in the operation', () => {
    expect(cost('query ($n: Int) { documents(first: $n) { edges { node { id } } } }', { n: 1000 })).toBe(1 + 1000 * 3);
    expect(cost('query ($n: Int = 50) { documents(first: $n) { edges { node { id } } } }')).toBe(1 + 50 * 3);
    expect(cost('query ($n: Int) { documents(first: $n) { edges { node { id } } } }')).toBe(1 + 10 * 3);
  });

  it('counts every alias of a field as a field of its own', () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: documents(first: 100) { edges { node { id } } }`).join(' ');
    expect(cost(`{ ${aliases} }`)).toBe(1000 * (1 + 100 * 3));
  });

  it('costs fragments as if written out, once per context', () => {
    expect(cost('{ users { ...U } } fragment U on User { id friends { id } }')).toBe(cost('{ users { id friends { id } } }'));
    expect(cost('{ me { ...A } } fragment A on User { friends { ...B } } fragment B on User { friends { ...A } }')).toBeGreaterThan(0);
  });

  it('lets the standard introspection query through cheaply and makes amplifying introspection expensive', () => {
    const standard = cost(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(standard).toBeLessThan(1000);
    // As deep as MAX_QUERY_DEPTH's default allows: seven nested lists, four of them multiplied.
    const amplifying = `{ __schema { types { fields { ${'type { fields { '.repeat(5)}name${' } }'.repeat(5)} } } } }`;
    expect(cost(amplifying)).toBeGreaterThan(10_000);
  });
});

describe('usesIntrospection', () => {
  const uses = (source: string) => {
    const document = parse(source);
    return usesIntrospection(document, operationOf(document));
  };

  it('finds __schema and __type, in fragments too, but not __typename', () => {
    expect(uses('{ __schema { queryType { name } } }')).toBe(true);
    expect(uses('{ me { ...F } } fragment F on User { id } query Other { __type(name: "User") { name } }')).toBe(false);
    expect(uses('{ ...Q } fragment Q on Query { __type(name: "User") { name } }')).toBe(true);
    expect(uses('{ me { __typename id } }')).toBe(false);
  });
});
