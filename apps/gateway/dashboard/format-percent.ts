export interface FormatPercentOptions {
  /**
   * Drop trailing zeros (`99.9%`, how people write a configured objective) instead of keeping
   * two decimals so a column of measured rates lines up (`98.80%` above `98.89%`). @default false
   */
  trim?: boolean;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(digits: number, trim: boolean): Intl.NumberFormat {
  const key = `${digits}:${trim}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(undefined, {
      style: 'percent',
      minimumFractionDigits: trim ? 0 : digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * A ratio as a percentage: `99.95%`, `0.12%`; `—` for null. Exactly 0 and 1, and anything past
 * ±100% (an overspent budget), print without decimals: `100%`, `-600%`. Otherwise two decimals,
 * more only when rounding would show 100% or 0% for a ratio that is not: 99.999% must not read 100%.
 */
export function formatPercent(
  ratio: number | null,
  { trim = false }: FormatPercentOptions = {},
): string {
  if (ratio === null) return '—';
  if (ratio === 0 || Math.abs(ratio) >= 1) return formatterFor(0, trim).format(ratio);
  let digits = 2;
  while (digits < 4 && misleads(ratio, digits)) digits += 1;
  return formatterFor(digits, trim).format(ratio);
}

function misleads(ratio: number, digits: number): boolean {
  const shown = Number((ratio * 100).toFixed(digits));
  return shown === 100 || shown === 0;
}
