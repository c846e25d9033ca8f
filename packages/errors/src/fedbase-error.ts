import { GraphQLError } from 'graphql';
import { errorCodes, type ErrorCode } from './error-codes.ts';

export interface FedbaseErrorOptions {
  code: ErrorCode;
  /** What was wrong and what to do about it: this reaches the client. */
  message: string;
  /** Extra machine-readable details for the client (e.g. `{ field: 'title' }`). */
  details?: Record<string, unknown>;
  /** The underlying error, kept for logs and spans, never sent to the client. */
  cause?: unknown;
}

/** An error meant for the client: its code and message are safe to show. */
export class FedbaseError extends GraphQLError {
  readonly code: ErrorCode;
  readonly status: number;

  constructor({ code, message, details, cause }: FedbaseErrorOptions) {
    super(message, { extensions: { ...details, code }, originalError: cause instanceof Error ? cause : undefined });
    this.name = 'FedbaseError';
    this.code = code;
    this.status = errorCodes[code].status;
  }
}
