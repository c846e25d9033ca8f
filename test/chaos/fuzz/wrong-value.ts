import type { Random } from './random.ts';

const oddStrings = [
  '', ' ', 'NaN', 'Infinity', '-Infinity', '-0', '1e309', '0x1F', 'null', 'undefined', 'true', '[]', '{}',
  '\u0000', '\uFEFF', '\uD800', '\u202E', '💥🚀', 'Ω≈ç√', "'; DROP TABLE users; --", '../../etc/passwd', '%00', '$1', '\\', '"',
  '2026-13-45', '9999-99', '2026-11', '*', 'data.*', 'chat.room1', 'fbpk_', 'fbsk_', 'posts', 'public or owner', 'role:', 'image/*',
];

const oddNumbers = [0, -1, 1, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, 0.5, -0.0001, 1e-300, 101, 1_000_000];

/**
 * A value of a random, usually wrong, type for an argument or variable: huge and negative
 * numbers, NaN-like and unicode strings, nulls, arrays, deep objects, long strings.
 */
export function wrongValue(random: Random, depth = 0): unknown {
  const kind = random.int(0, depth > 3 ? 4 : 8);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.pick(oddNumbers);
    case 2:
      return random.pick(oddStrings);
    case 3:
      return random.chance(0.5);
    case 4:
      return random.chance(0.1) ? 'x'.repeat(random.int(1_000, 100_000)) : random.string(random.int(0, 40));
    case 5:
      return Array.from({ length: random.int(0, 5) }, () => wrongValue(random, depth + 1));
    case 6:
      return Object.fromEntries(Array.from({ length: random.int(0, 4) }, () => [random.pick(['eq', 'gt', 'in', 'or', 'and', 'title', 'score', 'id', '__proto__', 'constructor', random.string(5)]), wrongValue(random, depth + 1)]));
    case 7:
      return deepObject(random.int(10, 200));
    default:
      return Array.from({ length: random.int(100, 2_000) }, (_, i) => i);
  }
}

/** `{ a: { a: ... } }`, `depth` levels down. */
export function deepObject(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

/** The same value as a GraphQL literal (inline argument), for documents rather than variables. */
export function toGraphQLLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '1e999';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toGraphQLLiteral).join(', ')}]`;
  return `{ ${Object.entries(value as Record<string, unknown>).map(([key, inner]) => `${/^[_A-Za-z][_0-9A-Za-z]*$/.test(key) ? key : 'k'}: ${toGraphQLLiteral(inner)}`).join(', ')} }`;
}
