/**
 * Axis ticks from 0 to at least `max`, in steps of 1, 2 or 5 times a power of ten, so a chart's
 * grid reads 0, 50, 100, 150 rather than 0, 43.7, 87.4. The last tick is the axis's end.
 */
export function niceTicks(max: number, count = 4): number[] {
  if (!(Number.isFinite(max) && max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step =
    [1, 2, 5, 10].map((multiple) => multiple * power).find((candidate) => candidate >= rough) ??
    rough;
  const steps = Math.ceil(max / step - 1e-9);
  // toPrecision: 3 × 0.1 must print as 0.3, not 0.30000000000000004.
  return Array.from({ length: steps + 1 }, (_, index) => Number((index * step).toPrecision(12)));
}
