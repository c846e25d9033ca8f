import type { SliSnapshot } from '@fedbase/slo';
import { formatMs } from './format-ms.ts';
import { latencyBar } from './latency-bar.ts';
import { renderBarChart } from './render-bar-chart.ts';
import { renderEmptyState } from './render-empty-state.ts';
import { renderSection } from './render-section.ts';
import { renderSpreadLegend } from './render-spread-legend.ts';

/** The ten fields with the highest p95 over the last hour, from the subgraphs' traces. */
export function renderSlowestFields(snapshot: SliSnapshot): HTMLElement {
  const section = {
    testId: 'slowest-fields',
    title: 'Slowest fields',
    description: 'Resolver time per field over the last hour, slowest p95 first.',
    className: 'span-6 tall',
  };
  if (snapshot.slowestFields.length === 0) {
    return renderSection(
      section,
      renderEmptyState(
        'No field timings in the last hour: fields are timed from the subgraphs’ traces, so send a query to /graphql.',
      ),
    );
  }
  const chart = renderBarChart({
    ariaLabel: 'p95 resolver time of the slowest fields over the last hour',
    labelWidth: 170,
    formatTick: formatMs,
    bars: snapshot.slowestFields.map(({ typeField, p95 }) =>
      latencyBar(typeField, p95, snapshot.latency.fields[typeField]),
    ),
  });
  return renderSection(section, chart, renderSpreadLegend());
}
