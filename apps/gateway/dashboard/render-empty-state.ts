import { createElement } from './create-element.ts';

/** Says why a section has nothing to show and what to do about it, instead of an empty chart. */
export function renderEmptyState(message: string): HTMLElement {
  return createElement('p', { class: 'empty-state', 'data-testid': 'empty-state' }, message);
}
