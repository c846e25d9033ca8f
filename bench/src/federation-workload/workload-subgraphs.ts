import { parse, type DocumentNode } from 'graphql';
import { inventory, products, reviews, shippingEstimate, users } from './workload-data.ts';

export interface WorkloadSubgraph {
  readonly name: 'accounts' | 'inventory' | 'products' | 'reviews';
  readonly typeDefs: DocumentNode;
  readonly resolvers: Record<string, Record<string, unknown>>;
}

const federation = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])';
const byId = <T extends { id: string }>(rows: readonly T[], id: string) => rows.find((row) => row.id === id);
const byUpc = <T extends { upc: string }>(rows: readonly T[], upc: string) => rows.find((row) => row.upc === upc);

/** The four subgraphs of the public federation gateway benchmark, re-created: SDL and resolvers. */
export const workloadSubgraphs: readonly WorkloadSubgraph[] = [
  {
    name: 'accounts',
    typeDefs: parse(`${federation}
      type Query { me: User users: [User] }
      type User @key(fields: "id") { id: ID! name: String username: String @shareable }`),
    resolvers: {
      Query: { me: () => users[0], users: () => users },
      User: { __resolveReference: ({ id }: { id: string }) => byId(users, id) },
    },
  },
  {
    name: 'inventory',
    typeDefs: parse(`${federation}
      type Product @key(fields: "upc") {
        upc: String!
        weight: Int @external
        price: Int @external
        inStock: Boolean
        shippingEstimate: Int @requires(fields: "price weight")
      }`),
    resolvers: {
      Product: {
        __resolveReference: (reference: { upc: string; price?: number; weight?: number }) => ({ ...reference, ...byUpc(inventory, reference.upc) }),
        shippingEstimate: (product: { price: number; weight: number }) => shippingEstimate(product),
      },
    },
  },
  {
    name: 'products',
    typeDefs: parse(`${federation}
      type Query { topProducts(first: Int = 5): [Product] }
      type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }`),
    resolvers: {
      Query: { topProducts: (_: unknown, { first }: { first: number }) => products.slice(0, first) },
      Product: { __resolveReference: ({ upc }: { upc: string }) => byUpc(products, upc) },
    },
  },
  {
    name: 'reviews',
    typeDefs: parse(`${federation}
      type Review @key(fields: "id") { id: ID! body: String author: User @provides(fields: "username") product: Product }
      type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
      type Product @key(fields: "upc") { upc: String! reviews: [Review] }`),
    resolvers: {
      Review: {
        __resolveReference: ({ id }: { id: string }) => byId(reviews, id),
        author: (review: { authorId: string }) => ({ __typename: 'User', id: review.authorId, username: byId(users, review.authorId)?.username }),
        product: (review: { upc: string }) => ({ __typename: 'Product', upc: review.upc }),
      },
      User: {
        reviews: (user: { id: string }) => reviews.filter((review) => review.authorId === user.id),
      },
      Product: { reviews: (product: { upc: string }) => reviews.filter((review) => review.upc === product.upc) },
    },
  },
];
