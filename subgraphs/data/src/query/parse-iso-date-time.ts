const isoDateTime = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * An ISO-8601 date (midnight UTC) or date-time with a zone, else null. Stricter than Date.parse on
 * purpose: it reads a date-time without a zone in the server's local time, and rolls 2024-02-30
 * over to March 1st. Precision is the millisecond, like the stored values.
 */
export function parseIsoDateTime(value: string): Date | null {
  const match = isoDateTime.exec(value);
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > daysInMonth) return null;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}
