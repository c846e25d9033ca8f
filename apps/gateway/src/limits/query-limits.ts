/** What the gateway lets one operation ask for; the defaults and their reasons are in gateway-config.ts. */
export interface QueryLimits {
  /** Nested selection sets, fragments expanded (`{ me { id } }` is 2). */
  readonly maxDepth: number;
  /** Fields, each multiplied by the sizes of the lists around it (see measureCost). */
  readonly maxCost: number;
  /** Lexical tokens of the document, counted before it is parsed. */
  readonly maxTokens: number;
  /** The size assumed for a list without `first`, `last` or `limit`. */
  readonly defaultListSize: number;
}

/**
 * Braces and brackets may nest this much deeper than `maxDepth`: room for filter values
 * (`where: { or: [{ title: { contains: "a" } }] }`) inside the deepest selection. The sum stays far
 * below the ~1,500 levels at which graphql-js's recursive parser overflows the stack.
 */
export const valueNestingAllowance = 32;
