const requestIdPattern = /^[\w.:-]{1,128}$/;

/** Whether a caller's `x-request-id` is safe to log and forward (anything else is replaced). */
export function isSaneRequestId(value: unknown): value is string {
  return typeof value === 'string' && requestIdPattern.test(value);
}
