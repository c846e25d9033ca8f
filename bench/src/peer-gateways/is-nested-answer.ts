import { expectedNestedResponse } from '../federation-workload/nested-query.ts';

const expected = JSON.stringify(expectedNestedResponse());

/**
 * True when a body is the nested query's right answer: byte for byte as JSON.stringify writes it
 * (the fast path: every gateway measured orders fields as the query does), or equal once parsed.
 */
export function isNestedAnswer(body: string): boolean {
  if (body === expected) return true;
  try {
    return JSON.stringify(JSON.parse(body)) === expected;
  } catch {
    return false;
  }
}
