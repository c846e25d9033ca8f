const threeDigits = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });

/** A burn rate as a multiple of the sustainable pace: `0.42×`, `6×`, `14.4×`. */
export function formatBurnRate(rate: number): string {
  return `${threeDigits.format(rate)}×`;
}
