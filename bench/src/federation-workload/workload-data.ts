/**
 * The data of the public federation gateway benchmark's four subgraphs (accounts, inventory,
 * products, reviews), as its subgraphs serve it: small and fixed, so a run measures the gateway.
 */
export const users = [
  { id: '1', name: 'Ada Lovelace', username: '@ada' },
  { id: '2', name: 'Alan Turing', username: '@complete' },
] as const;

export const products = [
  { upc: '1', name: 'Table', price: 899, weight: 100 },
  { upc: '2', name: 'Couch', price: 1299, weight: 1000 },
  { upc: '3', name: 'Chair', price: 54, weight: 50 },
] as const;

export const inventory = [
  { upc: '1', inStock: true },
  { upc: '2', inStock: false },
  { upc: '3', inStock: true },
] as const;

export const reviews = [
  { id: '1', authorId: '1', upc: '1', body: 'Love it!' },
  { id: '2', authorId: '1', upc: '2', body: 'Too expensive.' },
  { id: '3', authorId: '2', upc: '3', body: 'Could be better.' },
  { id: '4', authorId: '2', upc: '1', body: 'Prefer something else.' },
] as const;

/** inventory's `shippingEstimate`, from the price and weight it @requires. */
export function shippingEstimate({ price, weight }: { price: number; weight: number }): number {
  return price > 1000 ? 0 : Math.round(weight * 0.5);
}
