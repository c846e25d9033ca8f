import { z } from 'zod';

// Building blocks for the per-process schemas, so one variable means the same thing everywhere.

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

export const host = z.string().min(1).default('127.0.0.1');

export const optionalUrl = (protocols: readonly string[]) =>
  z
    .url({ message: `must be a URL (${protocols.join(', ')})` })
    .refine((value) => protocols.includes(new URL(value).protocol.replace(/:$/, '')), {
      message: `must use ${protocols.join(' or ')}`,
    })
    .optional();

export const url = (fallback: string, protocols: readonly string[]) =>
  z
    .url({ message: `must be a URL (${protocols.join(', ')})` })
    .refine((value) => protocols.includes(new URL(value).protocol.replace(/:$/, '')), {
      message: `must use ${protocols.join(' or ')}`,
    })
    .default(fallback);

/** A duration in whole seconds, at least `min`. */
export const seconds = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

/** A secret: long enough to resist guessing; never logged. */
export const optionalSecret = z.string().min(32, { message: 'must be at least 32 characters' }).optional();

export const dataDir = z.string().min(1).default('.data');

export const logLevel = z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info');

export const nodeEnv = z.enum(['development', 'production', 'test']).default('development');

export const boolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1')
    .default(fallback);
