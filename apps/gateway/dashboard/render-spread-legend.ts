import { createElement } from './create-element.ts';
import { createSvgElement } from './create-svg-element.ts';

/** The key to a latency bar: bar = p95, tick = p50, whisker = p99. */
export function renderSpreadLegend(): HTMLElement {
  const swatch = (...children: SVGElement[]) =>
    createSvgElement(
      'svg',
      {
        class: 'legend-swatch',
        viewBox: '0 0 24 12',
        width: 24,
        height: 12,
        'aria-hidden': 'true',
      },
      ...children,
    );
  return createElement(
    'p',
    { class: 'legend' },
    createElement(
      'span',
      {},
      swatch(
        createSvgElement('rect', {
          class: 'bar tone-neutral',
          x: 0,
          y: 1,
          width: 24,
          height: 10,
          rx: 2,
        }),
      ),
      'p95',
    ),
    createElement(
      'span',
      {},
      swatch(
        createSvgElement('rect', {
          class: 'bar tone-neutral',
          x: 0,
          y: 1,
          width: 24,
          height: 10,
          rx: 2,
        }),
        createSvgElement('line', { class: 'median', x1: 12, x2: 12, y1: 3, y2: 9 }),
      ),
      'p50',
    ),
    createElement(
      'span',
      {},
      swatch(
        createSvgElement('line', { class: 'whisker', x1: 2, x2: 22, y1: 6, y2: 6 }),
        createSvgElement('line', { class: 'whisker', x1: 22, x2: 22, y1: 2, y2: 10 }),
      ),
      'p99',
    ),
  );
}
