/** The collection the data-list benchmark loads, as `createCollection` takes its fields. */
export const itemFields = [
  { name: 'title', type: 'STRING', required: true },
  { name: 'price', type: 'INT', required: false },
  { name: 'category', type: 'STRING', required: false },
  { name: 'published', type: 'BOOLEAN', required: false },
  { name: 'publishedAt', type: 'DATETIME', required: false },
  { name: 'tags', type: 'JSON', required: false },
] as const;

export interface ItemData {
  title: string;
  price?: number;
  category: string;
  published: boolean;
  publishedAt?: string;
  tags?: string[];
}

/**
 * A 32-bit hash of `seed` (mulberry32's output step): values that look random but depend only on
 * the document number, so every run loads the same collection and the benchmark can count in
 * JavaScript what a filter must match.
 */
function hash(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** An integer in [0, n) for document `i`; each `salt` draws independently of the others. */
const draw = (i: number, salt: number, n: number) => hash(i * 16 + salt) % n;

const yearStart = Date.UTC(2025, 0, 1);
const minutesInYear = 365 * 24 * 60;

/**
 * The data of document `i`: 10 categories, a price from 0 to 9999 on nine in ten (the rest have
 * none, so the NULLS LAST ordering has something to do), published on seven in ten with a date,
 * and 1 to 3 of ten tags on six in ten.
 */
export function itemDocument(i: number): ItemData {
  const data: ItemData = { title: `Item ${i}`, category: `c${draw(i, 1, 10)}`, published: draw(i, 2, 10) < 7 };
  if (draw(i, 3, 10) !== 0) data.price = draw(i, 4, 10_000);
  if (data.published) data.publishedAt = new Date(yearStart + draw(i, 5, minutesInYear) * 60_000).toISOString();
  if (draw(i, 6, 10) < 6) {
    const start = draw(i, 7, 10);
    // steps of 3 through 10 tags never repeat one within 3 picks
    data.tags = Array.from({ length: 1 + draw(i, 8, 3) }, (_, k) => `t${(start + 3 * k) % 10}`);
  }
  return data;
}
