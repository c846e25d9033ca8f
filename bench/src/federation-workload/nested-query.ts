import { inventory, products, reviews, shippingEstimate, users } from './workload-data.ts';

/** The nested query of the public federation gateway benchmark: every subgraph, entities four levels deep. */
export const nestedQuery = /* GraphQL */ `
  fragment User on User { id username name }
  fragment Review on Review { id body }
  fragment Product on Product { inStock name price shippingEstimate upc weight }
  query TestQuery {
    users { ...User reviews { ...Review product { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } } } }
    topProducts { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } }
  }
`;

type Row = Record<string, unknown>;

const user = (id: string): Row => {
  const found = users.find((row) => row.id === id)!;
  return { id: found.id, username: found.username, name: found.name };
};
const product = (upc: string): Row => {
  const found = products.find((row) => row.upc === upc)!;
  const stock = inventory.find((row) => row.upc === upc)!;
  return { inStock: stock.inStock, name: found.name, price: found.price, shippingEstimate: shippingEstimate(found), upc: found.upc, weight: found.weight };
};
const reviewsOf = (filter: (review: (typeof reviews)[number]) => boolean) => reviews.filter(filter);
const review = (row: (typeof reviews)[number]): Row => ({ id: row.id, body: row.body });

/** What every gateway must answer to nestedQuery, computed from the data without any gateway. */
export function expectedNestedResponse(): { data: Row } {
  const authorWithReviews = (authorId: string): Row => ({
    ...user(authorId),
    reviews: reviewsOf((row) => row.authorId === authorId).map((row) => ({ ...review(row), product: product(row.upc) })),
  });
  const productWithReviews = (upc: string): Row => ({
    ...product(upc),
    reviews: reviewsOf((row) => row.upc === upc).map((row) => ({ ...review(row), author: authorWithReviews(row.authorId) })),
  });
  return {
    data: {
      users: users.map((row) => ({
        ...user(row.id),
        reviews: reviewsOf((r) => r.authorId === row.id).map((r) => ({ ...review(r), product: productWithReviews(r.upc) })),
      })),
      topProducts: products.slice(0, 5).map((row) => productWithReviews(row.upc)),
    },
  };
}
