import { FedbaseError } from './fedbase-error.ts';

/** Factories for the errors services throw, so the same situation always reads the same way. */
export const Errors = {
  unauthenticated: (message = 'Send your project key in the x-api-key header.') =>
    new FedbaseError({ code: 'UNAUTHENTICATED', message }),
  forbidden: (message: string) => new FedbaseError({ code: 'FORBIDDEN', message }),
  badUserInput: (message: string, details?: Record<string, unknown>) =>
    new FedbaseError({ code: 'BAD_USER_INPUT', message, ...(details ? { details } : {}) }),
  notFound: (what: string) => new FedbaseError({ code: 'NOT_FOUND', message: `${what} was not found in this project.` }),
  conflict: (message: string) => new FedbaseError({ code: 'CONFLICT', message }),
  rateLimited: (retryAfterSeconds: number, message = `Too many requests: retry in ${retryAfterSeconds} s, or move to a plan with a higher rate.`) =>
    new FedbaseError({
      code: 'RATE_LIMITED',
      message,
      details: { retryAfter: retryAfterSeconds },
    }),
  quotaExceeded: (message: string) => new FedbaseError({ code: 'QUOTA_EXCEEDED', message }),
  payloadTooLarge: (limitBytes: number) =>
    new FedbaseError({
      code: 'PAYLOAD_TOO_LARGE',
      message: `The request is larger than the limit of ${limitBytes} bytes.`,
      details: { limit: limitBytes },
    }),
  internal: (cause?: unknown) =>
    new FedbaseError({ code: 'INTERNAL', message: 'Internal error: it has been logged; retry later.', cause }),
} as const;
