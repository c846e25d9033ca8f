import type { Tone } from './tone.ts';

/** One row of a bar chart. */
export interface Bar {
  label: string;
  value: number;
  /** Printed after the bar. */
  valueLabel: string;
  /** The bar's full figures: its tooltip and its accessible name. */
  title: string;
  tone: Tone;
  /** Drawn around the bar: `low` as a tick inside it (p50), `high` as a whisker past it (p99). */
  spread?: { low: number; high: number };
}
