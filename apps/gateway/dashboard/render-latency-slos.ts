import type { LatencySloStatus, SliSnapshot } from '@fedbase/slo';
import { createElement } from './create-element.ts';
import { createSvgElement } from './create-svg-element.ts';
import { formatMs } from './format-ms.ts';
import { renderEmptyState } from './render-empty-state.ts';
import { renderSection } from './render-section.ts';

type Row = [name: string, status: LatencySloStatus];

const noTraffic =
  'No operations in the last hour: send a named query to /graphql, or set targets in the SLO file.';

// Breaches first (worst first), then the rest by how close they run to their target.
function byUrgency([nameA, a]: Row, [nameB, b]: Row): number {
  const ratio = (status: LatencySloStatus) => (status.p95Ms ?? 0) / status.targetP95Ms;
  return Number(a.met) - Number(b.met) || ratio(b) - ratio(a) || nameA.localeCompare(nameB);
}

/** p95 against its target on a shared scale of 0 to 2× target: the tick is the target. */
function renderMeter({ p95Ms, targetP95Ms, met }: LatencySloStatus): SVGSVGElement {
  const width = 96;
  const share = Math.min((p95Ms ?? 0) / targetP95Ms / 2, 1);
  return createSvgElement(
    'svg',
    { class: 'meter', viewBox: `0 0 ${width} 10`, width, height: 10, 'aria-hidden': 'true' },
    createSvgElement('rect', { class: 'meter-track', x: 0, y: 2, width, height: 6, rx: 3 }),
    createSvgElement('rect', {
      class: `bar tone-${met ? 'ok' : 'page'}`,
      x: 0,
      y: 2,
      width: share * width,
      height: 6,
      rx: 3,
    }),
    createSvgElement('line', {
      class: 'meter-target',
      x1: width / 2,
      x2: width / 2,
      y1: 0,
      y2: 10,
    }),
  );
}

/** Every operation's p95 over the last hour against its target, breaches first. */
export function renderLatencySlos(snapshot: SliSnapshot): HTMLElement {
  const rows = Object.entries(snapshot.slo.latency).sort(byUrgency);
  const section = {
    testId: 'latency-slos',
    title: 'Latency objectives',
    description: 'p95 per operation over the last hour against its target.',
    className: 'span-6',
  };
  if (rows.length === 0) {
    return renderSection(section, renderEmptyState(noTraffic));
  }
  const header = createElement(
    'tr',
    {},
    ...['Operation', 'Requests', 'p95', 'Target', 'p95 / target', 'Status'].map((label) =>
      createElement('th', { scope: 'col' }, label),
    ),
  );
  const body = rows.map(([name, status]) => {
    const summary = snapshot.latency.operations[name];
    const state = status.p95Ms === null ? 'No traffic' : status.met ? 'Met' : 'Breached';
    const tone = status.p95Ms === null ? 'neutral' : status.met ? 'ok' : 'page';
    return createElement(
      'tr',
      { 'data-testid': 'latency-slo-row', 'data-met': String(status.met) },
      createElement('th', { scope: 'row', class: 'name mono' }, name),
      createElement('td', { class: 'number' }, summary ? summary.count.toLocaleString() : '—'),
      createElement('td', { class: 'number' }, formatMs(status.p95Ms)),
      createElement('td', { class: 'number muted' }, formatMs(status.targetP95Ms)),
      createElement('td', {}, renderMeter(status)),
      createElement('td', {}, createElement('span', { class: `badge tone-${tone}` }, state)),
    );
  });
  const quiet = rows.every(([, status]) => status.p95Ms === null);
  return renderSection(
    section,
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
    quiet && renderEmptyState(noTraffic),
  );
}
