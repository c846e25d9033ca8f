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

/**
 * `key=value` pairs separated by commas, values URL-encoded, as OpenTelemetry's
 * `OTEL_EXPORTER_OTLP_HEADERS` is written (`api-key=abc%3D,team=core`).
 */
export const keyValueList = z
  .string()
  .optional()
  .transform((value, context) => {
    const pairs: Record<string, string> = {};
    for (const pair of (value ?? '').split(',').filter((part) => part.trim())) {
      const at = pair.indexOf('=');
      if (at <= 0) {
        context.addIssue({ code: 'custom', message: `"${pair.trim()}" is not key=value; write key1=value1,key2=value2` });
        return z.NEVER;
      }
      pairs[pair.slice(0, at).trim().toLowerCase()] = decodeURIComponent(pair.slice(at + 1).trim());
    }
    return pairs;
  });

/** The tracing variables every process reads alike (see @fedbase/telemetry startTracing). */
export const tracing = {
  /** Share of requests traced down to fields; callers' traces are followed whatever it says. */
  FIELD_TRACE_SAMPLE_RATE: z.coerce.number().min(0).max(1).default(0.01),
  /** OTLP/HTTP collector base URL; spans are exported only when it is set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl(['http', 'https']),
  OTEL_EXPORTER_OTLP_HEADERS: keyValueList,
  /** How long finished spans wait to be exported in one batch, ms. */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(0).default(5_000),
};

/** The tracing variables, parsed, as startTracing takes them. */
export function tracingOptions(config: { FIELD_TRACE_SAMPLE_RATE: number; OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined; OTEL_EXPORTER_OTLP_HEADERS: Record<string, string>; OTEL_BSP_SCHEDULE_DELAY: number }) {
  return Object.freeze({
    sampleRate: config.FIELD_TRACE_SAMPLE_RATE,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    otlpHeaders: Object.freeze(config.OTEL_EXPORTER_OTLP_HEADERS),
    exportDelayMs: config.OTEL_BSP_SCHEDULE_DELAY,
  });
}
