import type { SliSnapshot } from '@fedbase/slo';
import { formatBurnRate } from './format-burn-rate.ts';
import { formatPercent } from './format-percent.ts';
import { formatWindow } from './format-window.ts';
import { renderBarChart } from './render-bar-chart.ts';
import { renderEmptyState } from './render-empty-state.ts';
import { renderSection } from './render-section.ts';
import type { Tone } from './tone.ts';

/**
 * How fast each window spends the error budget (1× spends it exactly over the period), against
 * the two alert thresholds. A bar past a line is one half of that alert; the other half is its
 * partner window (1 h with 5 min for a page, 6 h with 30 min for a ticket).
 */
export function renderBurnRates(snapshot: SliSnapshot): HTMLElement {
  const { burnRates, thresholds } = snapshot.slo.availability;
  const toneOf = (rate: number): Tone =>
    rate > thresholds.page ? 'page' : rate > thresholds.ticket ? 'ticket' : 'ok';
  const quiet = snapshot.windows.every((window) => snapshot.availability[window] === null);
  const chart = renderBarChart({
    ariaLabel: 'Error budget burn rate per window, with the ticket and page thresholds',
    labelWidth: 60,
    formatTick: formatBurnRate,
    bars: snapshot.windows.map((window) => ({
      label: formatWindow(window),
      value: burnRates[window],
      valueLabel: formatBurnRate(burnRates[window]),
      title: `Last ${formatWindow(window)}: burn rate ${formatBurnRate(burnRates[window])}, availability ${formatPercent(snapshot.availability[window])}`,
      tone: toneOf(burnRates[window]),
    })),
    lines: [
      {
        value: thresholds.ticket,
        label: `ticket ${formatBurnRate(thresholds.ticket)}`,
        tone: 'ticket',
      },
      { value: thresholds.page, label: `page ${formatBurnRate(thresholds.page)}`, tone: 'page' },
    ],
  });
  return renderSection(
    {
      testId: 'burn-rates',
      title: 'Burn rate',
      description: `Budget spent per window; 1× spends it exactly over the SLO period. Page: 1 h and 5 min above ${formatBurnRate(thresholds.page)}. Ticket: 6 h and 30 min above ${formatBurnRate(thresholds.ticket)}.`,
      className: 'span-6',
    },
    chart,
    quiet &&
      renderEmptyState(
        'No traffic in the last 6 hours, so nothing burns: send a query to /graphql.',
      ),
  );
}
