/** Whole seconds to wait, never 0: a client told "retry after 0" would retry at once and be refused. */
export const retryAfterSeconds = (waitMs: number): number => Math.max(1, Math.ceil(waitMs / 1000));
