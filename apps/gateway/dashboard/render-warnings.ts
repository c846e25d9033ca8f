import { createElement } from './create-element.ts';

/**
 * What the gateway could not read for this answer (the events subgraph down, say): the affected
 * figures show `—`, and this says why. Nothing at all when every source answered.
 */
export function renderWarnings(warnings: readonly string[]): HTMLElement[] {
  if (warnings.length === 0) return [];
  return [
    createElement(
      'ul',
      {
        class: 'banner warnings span-12',
        'data-testid': 'slis-warnings',
        'aria-label': 'Missing figures',
      },
      ...warnings.map((warning) => createElement('li', {}, warning)),
    ),
  ];
}
