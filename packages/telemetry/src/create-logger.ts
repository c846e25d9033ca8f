import { pino, type Logger } from 'pino';

export type { Logger };

export interface CreateLoggerOptions {
  /** The process's name, on every line. */
  service: string;
  /** @default 'info' */
  level?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

/**
 * One JSON line per event on stderr. Credentials are redacted by path wherever they appear in a
 * logged object, because "never logged" must not depend on every caller remembering it.
 */
export function createLogger({ service, level = 'info' }: CreateLoggerOptions): Logger {
  return pino(
    {
      name: service,
      level,
      base: { service },
      redact: {
        paths: [
          '*.authorization', '*.["x-api-key"]', '*.["x-admin-secret"]', '*.password', '*.secret', '*.token',
          '*.headers.authorization', '*.headers["x-api-key"]', '*.headers["x-admin-secret"]', '*.headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: false }),
  );
}
