import type { AvailabilitySlo, SliSnapshot } from '@fedbase/slo';
import { createElement } from './create-element.ts';
import { formatPercent } from './format-percent.ts';
import { formatWindow } from './format-window.ts';
import { renderAlertRules } from './render-alert-rules.ts';
import { renderEmptyState } from './render-empty-state.ts';
import { renderSection } from './render-section.ts';
import type { Tone } from './tone.ts';

interface Verdict {
  tone: Tone;
  badge: string;
  summary: string;
}

const verdicts: Readonly<Record<'page' | 'ticket' | 'ok', Verdict>> = {
  page: {
    tone: 'page',
    badge: 'PAGE',
    summary: 'Errors burn the budget fast enough to page: act now.',
  },
  ticket: {
    tone: 'ticket',
    badge: 'TICKET',
    summary: 'Errors burn the budget steadily: open a ticket.',
  },
  ok: { tone: 'ok', badge: 'OK', summary: 'Within the error budget: no alert.' },
};

/** Green at or above the objective, red past the page threshold, amber in between. */
function toneOf(availability: number | null, burnRate: number, slo: AvailabilitySlo): Tone {
  if (availability === null) return 'neutral';
  if (availability >= slo.objective) return 'ok';
  return burnRate > slo.thresholds.page ? 'page' : 'ticket';
}

// Page outranks ticket: both can fire at once, and the page is the one to act on.
function verdictOf({ alerts }: AvailabilitySlo): Verdict {
  return verdicts[alerts.page ? 'page' : alerts.ticket ? 'ticket' : 'ok'];
}

/**
 * The verdict (OK, TICKET or PAGE, from the burn-rate alerts), availability per window against
 * the objective, and the two alert rules with their current figures.
 */
export function renderSloStatus(snapshot: SliSnapshot): HTMLElement {
  const slo = snapshot.slo.availability;
  const verdict = verdictOf(slo);
  const quiet = snapshot.windows.every((window) => snapshot.availability[window] === null);
  const badge = createElement(
    'span',
    {
      class: `badge badge-large tone-${verdict.tone}`,
      'data-testid': 'alert-badge',
      role: 'status',
    },
    verdict.badge,
  );
  return renderSection(
    {
      testId: 'slo-status',
      title: 'Availability',
      description: `Objective: ${formatPercent(slo.objective, { trim: true })} of requests succeed. ${quiet ? 'No requests to judge yet.' : verdict.summary}`,
      className: 'span-8',
      aside: badge,
    },
    createElement(
      'dl',
      { class: 'tiles' },
      ...snapshot.windows.map((window) => {
        const availability = snapshot.availability[window];
        const tone = toneOf(availability, slo.burnRates[window], slo);
        return createElement(
          'div',
          { class: 'tile' },
          createElement('dt', {}, `Last ${formatWindow(window)}`),
          createElement('dd', { class: `figure tone-text-${tone}` }, formatPercent(availability)),
        );
      }),
    ),
    renderAlertRules(slo),
    quiet &&
      renderEmptyState(
        'No traffic in the last 6 hours: send a query to /graphql and it shows here within 10 s.',
      ),
  );
}
