import { z } from 'zod';

/** Thrown when the environment does not satisfy a process's configuration schema. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Parses the environment once, at boot, against a process's schema and returns a frozen config.
 * Every problem is reported at once (not the first only), each naming its variable, so a bad
 * deployment is fixed in one round.
 */
export function parseConfig<Shape extends z.ZodRawShape>(
  shape: Shape,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Readonly<z.infer<z.ZodObject<Shape>>> {
  // An empty variable (`FOO=`) means "unset": that is how .env files and compose files spell it.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = z.object(shape).safeParse(present);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return Object.freeze(result.data);
}
