import { createElement, type Child } from './create-element.ts';

export interface SectionOptions {
  /** The section's stable hook for tests and for people linking to it. */
  testId: string;
  title: string;
  /** One sentence on what the figures are and over which window. */
  description?: string;
  /** Grid placement classes (`span-6`, `tall`). */
  className?: string;
  /** Shown at the right of the heading (the status badge). */
  aside?: Child;
}

/** A dashboard card: a labelled `<section>` with an h2, so a screen reader can jump between them. */
export function renderSection(options: SectionOptions, ...children: Child[]): HTMLElement {
  const headingId = `${options.testId}-heading`;
  return createElement(
    'section',
    {
      class: ['card', options.className].filter(Boolean).join(' '),
      'data-testid': options.testId,
      'aria-labelledby': headingId,
    },
    createElement(
      'div',
      { class: 'card-header' },
      createElement(
        'div',
        {},
        createElement('h2', { id: headingId }, options.title),
        options.description &&
          createElement('p', { class: 'card-description' }, options.description),
      ),
      options.aside,
    ),
    ...children,
  );
}
