/**
 * Collects bound values and hands out their placeholders, numbered on from the ones the caller's
 * query already uses. Each placeholder carries an explicit cast: the comparison then has the
 * indexed expression's type whatever type the driver sends (node-pg sends text, Prisma may not).
 */
export class SqlParams {
  readonly values: unknown[] = [];
  readonly #first: number;

  constructor(first: number) {
    if (!Number.isInteger(first) || first < 1) throw new Error(`firstParam must be a positive integer, not ${first}`);
    this.#first = first;
  }

  add(value: unknown, sqlType: string): string {
    this.values.push(value);
    return `$${this.#first + this.values.length - 1}::${sqlType}`;
  }
}
