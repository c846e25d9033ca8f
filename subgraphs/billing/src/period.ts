import { Errors } from '@fedbase/errors';

const periodPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The billing month of an instant, in UTC: `YYYY-MM`. */
export const periodOf = (date: Date): string => date.toISOString().slice(0, 7);

export const isPeriod = (value: string): boolean => periodPattern.test(value);

/** A client's `period` argument, checked; the current month when omitted. */
export function parsePeriod(input: string | null | undefined, now: Date): string {
  if (input === null || input === undefined) return periodOf(now);
  if (!isPeriod(input)) throw Errors.badUserInput(`period is a month written YYYY-MM, like "${periodOf(now)}"; got "${input.slice(0, 40)}".`, { field: 'period' });
  return input;
}
