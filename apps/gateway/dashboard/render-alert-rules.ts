import type { AvailabilitySlo, WindowName } from '@fedbase/slo';
import { createElement } from './create-element.ts';
import { formatBurnRate } from './format-burn-rate.ts';
import { formatWindow } from './format-window.ts';

interface Rule {
  name: 'Page' | 'Ticket';
  windows: readonly [WindowName, WindowName];
  threshold: number;
  firing: boolean;
}

/**
 * Both multi-window alerts spelled out with today's figures, so "why is this (not) paging" is
 * answered on the page: each fires only when its long and its short window both burn too fast.
 */
export function renderAlertRules(slo: AvailabilitySlo): HTMLElement {
  const rules: readonly Rule[] = [
    {
      name: 'Page',
      windows: ['1h', '5m'],
      threshold: slo.thresholds.page,
      firing: slo.alerts.page,
    },
    {
      name: 'Ticket',
      windows: ['6h', '30m'],
      threshold: slo.thresholds.ticket,
      firing: slo.alerts.ticket,
    },
  ];
  return createElement(
    'ul',
    { class: 'alert-rules', 'aria-label': 'Alert rules' },
    ...rules.map(({ name, windows, threshold, firing }) => {
      const [long, short] = windows.map((window) => {
        const rate = slo.burnRates[window];
        return createElement(
          'span',
          {},
          `${formatWindow(window)} `,
          createElement(
            'strong',
            { class: rate > threshold ? `tone-text-${name === 'Page' ? 'page' : 'ticket'}` : '' },
            formatBurnRate(rate),
          ),
        );
      });
      return createElement(
        'li',
        { 'data-testid': `alert-rule-${name.toLowerCase()}` },
        createElement('span', { class: 'alert-name' }, name),
        createElement(
          'span',
          { class: 'alert-rule' },
          long,
          ' and ',
          short,
          ` both above ${formatBurnRate(threshold)}`,
        ),
        createElement(
          'span',
          { class: `badge tone-${firing ? (name === 'Page' ? 'page' : 'ticket') : 'neutral'}` },
          firing ? 'Firing' : 'Quiet',
        ),
      );
    }),
  );
}
