import type { SliSnapshot } from '@fedbase/slo';
import { formatMs } from './format-ms.ts';
import { latencyBar } from './latency-bar.ts';
import { renderBarChart } from './render-bar-chart.ts';
import { renderEmptyState } from './render-empty-state.ts';
import { renderSection } from './render-section.ts';

/** p95 of the gateway's fetches to each subgraph over the last hour, slowest first. */
export function renderSubgraphs(snapshot: SliSnapshot): HTMLElement {
  const section = {
    testId: 'subgraphs',
    title: 'Subgraph fetches',
    description: 'p95 of the gateway’s fetches per subgraph over the last hour.',
    className: 'span-6',
  };
  const subgraphs = Object.entries(snapshot.latency.subgraphs).sort(
    ([a, x], [b, y]) => y.p95 - x.p95 || a.localeCompare(b),
  );
  if (subgraphs.length === 0) {
    return renderSection(
      section,
      renderEmptyState('No subgraph fetches in the last hour: send a query to /graphql.'),
    );
  }
  const chart = renderBarChart({
    ariaLabel: 'p95 fetch time per subgraph over the last hour',
    labelWidth: 90,
    formatTick: formatMs,
    bars: subgraphs.map(([name, summary]) => latencyBar(name, summary.p95, summary)),
  });
  return renderSection(section, chart);
}
