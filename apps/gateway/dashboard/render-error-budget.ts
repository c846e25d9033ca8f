import type { SliSnapshot } from '@fedbase/slo';
import { createElement } from './create-element.ts';
import { createSvgElement } from './create-svg-element.ts';
import { formatBurnRate } from './format-burn-rate.ts';
import { formatPercent } from './format-percent.ts';
import { renderSection } from './render-section.ts';
import type { Tone } from './tone.ts';

// A half-circle gauge: 0% at the left, 100% at the right.
const radius = 80;
const center = { x: 100, y: 96 };

function pointAt(fraction: number): string {
  const angle = Math.PI * (1 - fraction);
  return `${center.x + radius * Math.cos(angle)} ${center.y - radius * Math.sin(angle)}`;
}

function arc(fraction: number): string {
  return `M ${pointAt(0)} A ${radius} ${radius} 0 0 1 ${pointAt(fraction)}`;
}

/** What is left of the error budget of the last 6 h, as a gauge; negative once overspent. */
export function renderErrorBudget(snapshot: SliSnapshot): HTMLElement {
  const { errorBudgetRemaining: remaining, burnRates } = snapshot.slo.availability;
  const tone: Tone = remaining <= 0 ? 'page' : remaining < 0.25 ? 'ticket' : 'ok';
  const fill = Math.min(Math.max(remaining, 0), 1);
  const spent = 1 - remaining;
  const gauge = createSvgElement(
    'svg',
    {
      class: 'gauge',
      viewBox: '0 0 200 110',
      role: 'img',
      'aria-label': `Error budget left: ${formatPercent(remaining)}`,
    },
    createSvgElement('title', {}, `Error budget left: ${formatPercent(remaining)}`),
    createSvgElement('path', { class: 'gauge-track', d: arc(1) }),
    fill > 0 && createSvgElement('path', { class: `gauge-fill tone-${tone}`, d: arc(fill) }),
    createSvgElement(
      'text',
      {
        class: `gauge-figure tone-text-${tone}`,
        x: center.x,
        y: center.y - 14,
        'text-anchor': 'middle',
      },
      formatPercent(remaining),
    ),
    createSvgElement(
      'text',
      { class: 'gauge-caption', x: center.x, y: center.y + 6, 'text-anchor': 'middle' },
      remaining < 0 ? 'overspent' : 'left',
    ),
  );
  return renderSection(
    {
      testId: 'error-budget',
      title: 'Error budget',
      description:
        'Unspent share of the last 6 hours’ budget, all this gateway remembers; the 30-day budget is Prometheus’s.',
      className: 'span-4',
    },
    gauge,
    createElement(
      'p',
      { class: 'gauge-note', 'data-testid': 'error-budget-figure' },
      remaining < 0
        ? `Overspent: the last 6 h used ${formatPercent(spent)} of their budget (burn rate ${formatBurnRate(burnRates['6h'])}).`
        : `${formatPercent(Math.max(spent, 0))} spent in the last 6 h (burn rate ${formatBurnRate(burnRates['6h'])}).`,
    ),
  );
}
