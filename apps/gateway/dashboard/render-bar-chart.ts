import type { Bar } from './bar.ts';
import { createSvgElement } from './create-svg-element.ts';
import { niceTicks } from './nice-ticks.ts';
import { renderBarRow } from './render-bar-row.ts';
import type { Tone } from './tone.ts';

export interface ReferenceLine {
  value: number;
  label: string;
  tone: Tone;
}

export interface BarChartOptions {
  ariaLabel: string;
  bars: readonly Bar[];
  /** Vertical lines across every bar, labelled above the plot (alert thresholds). @default [] */
  lines?: readonly ReferenceLine[];
  formatTick: (value: number) => string;
  /** Room for the bar labels, in px. @default 150 */
  labelWidth?: number;
}

// The width the cards give a chart on a desktop screen: at that size the text is drawn 1:1, and
// the viewBox scales it gently anywhere else.
const width = 540;
const rowHeight = 28;
const barHeight = 14;
const valueWidth = 72;
const axisHeight = 22;

/**
 * A horizontal bar chart in inline SVG, one row per bar, with a value axis at the bottom. No chart
 * library: every chart here is bars (and one gauge), a few dozen elements; a library would weigh
 * more than the whole page and bring its own styling to undo.
 */
export function renderBarChart(options: BarChartOptions): SVGSVGElement {
  const { ariaLabel, bars, lines = [], formatTick, labelWidth = 150 } = options;
  const top = lines.length > 0 ? 22 : 6;
  const plotHeight = bars.length * rowHeight;
  const height = top + plotHeight + axisHeight;
  const ticks = niceTicks(
    Math.max(
      ...bars.map((bar) => bar.spread?.high ?? bar.value),
      ...lines.map((line) => line.value),
    ),
  );
  const left = labelWidth + 10;
  const right = width - valueWidth;
  const x = (value: number) => left + (Math.max(0, value) / ticks.at(-1)!) * (right - left);

  const svg = createSvgElement('svg', {
    class: 'bar-chart',
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    role: 'group',
    'aria-label': ariaLabel,
  });
  for (const tick of ticks) {
    svg.append(
      createSvgElement('line', {
        class: 'grid',
        x1: x(tick),
        x2: x(tick),
        y1: top,
        y2: top + plotHeight,
      }),
      createSvgElement(
        'text',
        { class: 'tick', x: x(tick), y: height - 6, 'text-anchor': 'middle' },
        formatTick(tick),
      ),
    );
  }
  bars.forEach((bar, index) =>
    svg.append(
      renderBarRow(bar, {
        middle: top + (index + 0.5) * rowHeight,
        barHeight,
        x,
        left,
        labelWidth,
      }),
    ),
  );
  // Labels point away from each other (the lowest line's to its left, the highest's to its right),
  // so two thresholds squeezed together by a huge bar still read apart.
  const sorted = [...lines].sort((a, b) => a.value - b.value);
  sorted.forEach((line, index) => {
    const anchor =
      sorted.length === 1
        ? 'middle'
        : index === 0
          ? 'end'
          : index === sorted.length - 1
            ? 'start'
            : 'middle';
    const nudge = anchor === 'end' ? -4 : anchor === 'start' ? 4 : 0;
    svg.append(
      createSvgElement('line', {
        class: `reference tone-${line.tone}`,
        x1: x(line.value),
        x2: x(line.value),
        y1: top - 4,
        y2: top + plotHeight,
      }),
      createSvgElement(
        'text',
        {
          class: `reference-label tone-${line.tone}`,
          x: x(line.value) + nudge,
          y: top - 8,
          'text-anchor': anchor,
        },
        line.label,
      ),
    );
  });
  return svg;
}
