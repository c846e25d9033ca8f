import type { Bar } from './bar.ts';
import { createSvgElement } from './create-svg-element.ts';

export interface BarRowLayout {
  /** The row's vertical centre. */
  middle: number;
  barHeight: number;
  /** Maps a value to its x on the plot. */
  x: (value: number) => number;
  /** Where the plot (and every bar) starts. */
  left: number;
  /** Right edge of the label column. */
  labelWidth: number;
}

// Average advance of a 12 px monospace glyph: longer labels are cut with an ellipsis.
const charWidth = 7.2;

/** One bar with its label on the left, its p50/p99 marks if any, and its value on the right. */
export function renderBarRow(bar: Bar, layout: BarRowLayout): SVGGElement {
  const { middle, barHeight, x, left, labelWidth } = layout;
  // A non-zero bar gets at least 2 px, so "small" never reads as "none".
  const barEnd = Math.max(x(bar.value), bar.value > 0 ? left + 2 : left);
  const maxChars = Math.floor(labelWidth / charWidth);
  const label = bar.label.length > maxChars ? `${bar.label.slice(0, maxChars - 1)}…` : bar.label;
  const centred = { y: middle, 'dominant-baseline': 'central' };
  const row = createSvgElement(
    'g',
    { class: 'bar-row' },
    createSvgElement('title', {}, bar.title),
    createSvgElement(
      'text',
      { class: 'bar-label', x: labelWidth, 'text-anchor': 'end', ...centred },
      label,
    ),
    createSvgElement('rect', {
      class: `bar tone-${bar.tone}`,
      x: left,
      y: middle - barHeight / 2,
      width: barEnd - left,
      height: barHeight,
      rx: 2,
    }),
  );
  let valueX = barEnd;
  if (bar.spread) {
    const [low, high] = [x(bar.spread.low), x(bar.spread.high)];
    const tick = (at: number, halfHeight: number, className: string) =>
      createSvgElement('line', {
        class: className,
        x1: at,
        x2: at,
        y1: middle - halfHeight,
        y2: middle + halfHeight,
      });
    row.append(
      createSvgElement('line', { class: 'whisker', x1: barEnd, x2: high, y1: middle, y2: middle }),
      tick(high, 4, 'whisker'),
      tick(low, barHeight / 2 - 2, 'median'),
    );
    valueX = Math.max(valueX, high);
  }
  row.append(
    createSvgElement('text', { class: 'bar-value', x: valueX + 6, ...centred }, bar.valueLabel),
  );
  return row;
}
