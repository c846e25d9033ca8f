import type { SliSnapshot } from '@fedbase/slo';
import { createElement } from './create-element.ts';
import { formatPercent } from './format-percent.ts';
import { formatWindow } from './format-window.ts';
import { renderEmptyState } from './render-empty-state.ts';
import { renderSection } from './render-section.ts';

type RateName = 'authSuccessRate' | 'throttleRate' | 'webhookSuccessRate' | 'deadLetterRate';

const rates: readonly { name: RateName; label: string; meaning: string }[] = [
  { name: 'authSuccessRate', label: 'Auth success', meaning: 'API keys and tokens accepted' },
  { name: 'throttleRate', label: 'Throttled', meaning: 'requests refused by a rate limit' },
  {
    name: 'webhookSuccessRate',
    label: 'Webhook success',
    meaning: 'delivery attempts that succeeded',
  },
  {
    name: 'deadLetterRate',
    label: 'Dead letters',
    meaning: 'deliveries given up after the last retry',
  },
];

/** The other rates per window; no objective of their own, so they are shown without colour. */
export function renderRates(snapshot: SliSnapshot): HTMLElement {
  const quiet = rates.every(({ name }) =>
    snapshot.windows.every((window) => snapshot[name][window] === null),
  );
  const header = createElement(
    'tr',
    {},
    createElement('th', { scope: 'col' }, 'Rate'),
    ...snapshot.windows.map((window) =>
      createElement('th', { scope: 'col', class: 'number' }, formatWindow(window)),
    ),
  );
  const body = rates.map(({ name, label, meaning }) =>
    createElement(
      'tr',
      {},
      createElement(
        'th',
        { scope: 'row', class: 'name' },
        label,
        createElement('span', { class: 'row-meaning' }, meaning),
      ),
      ...snapshot.windows.map((window) =>
        createElement('td', { class: 'number' }, formatPercent(snapshot[name][window])),
      ),
    ),
  );
  return renderSection(
    {
      testId: 'rates',
      title: 'Other rates',
      description: 'Share of each kind of event per window; — where there was none.',
      className: 'span-6',
    },
    createElement(
      'div',
      { class: 'table-scroll' },
      createElement(
        'table',
        { class: 'table' },
        createElement('thead', {}, header),
        createElement('tbody', {}, ...body),
      ),
    ),
    quiet &&
      renderEmptyState(
        'No authentications, throttle decisions or webhook deliveries yet: they show once clients call /graphql.',
      ),
  );
}
