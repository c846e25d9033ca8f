import { ConfigError, z } from '@fedbase/config';
import { MAX_LATENCY_MS } from './latency-bins.ts';

/** Service level objectives, as read from the SLO file (see README). */
export interface SloConfig {
  readonly availability: { readonly objective: number };
  readonly latency: {
    readonly defaultP95Ms: number;
    readonly operations: Readonly<Record<string, { readonly p95Ms: number }>>;
  };
  readonly windowDays: number;
}

// A target beyond the histogram's range could never be told met from unmet.
const p95Ms = z.number().positive().max(MAX_LATENCY_MS, { message: `must be at most ${MAX_LATENCY_MS} ms` });

const sloConfigSchema = z.strictObject({
  availability: z
    .strictObject({
      // 1 would leave no error budget and make every burn rate infinite.
      objective: z.number().gt(0).lt(1, { message: 'must be below 1 (0.999 is 99.9%)' }).default(0.999),
    })
    .prefault({}),
  latency: z
    .strictObject({
      defaultP95Ms: p95Ms.default(500),
      operations: z.record(z.string().min(1), z.strictObject({ p95Ms })).default({}),
    })
    .prefault({}),
  windowDays: z.number().int().min(1).max(366).default(30),
});

/**
 * Validates an SLO document and fills defaults (99.9% availability, p95 of 500 ms for every
 * operation, a 30-day budget window). Throws a ConfigError listing every problem, each prefixed
 * with its path (`latency.operations.GetPosts.p95Ms: ...`), so a bad file is fixed in one round.
 */
export function parseSloConfig(input: unknown): SloConfig {
  const result = sloConfigSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.flatMap((issue) => {
        const at = issue.path.map(String);
        // Zod reports unknown keys once on their parent; name each key so the line points at it.
        if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${[...at, key].join('.')}: unknown key`);
        return [`${at.join('.') || '(root)'}: ${issue.message}`];
      }),
    );
  }
  return deepFreeze(result.data);
}

/** The objectives used when no SLO file is given. */
export const DEFAULT_SLO_CONFIG: SloConfig = parseSloConfig({});

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) deepFreeze(child);
  return Object.freeze(value);
}
