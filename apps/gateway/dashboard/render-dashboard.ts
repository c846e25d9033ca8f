import type { Slis } from './fetch-slis.ts';
import { renderBurnRates } from './render-burn-rates.ts';
import { renderErrorBudget } from './render-error-budget.ts';
import { renderLatencySlos } from './render-latency-slos.ts';
import { renderRates } from './render-rates.ts';
import { renderSloStatus } from './render-slo-status.ts';
import { renderSlowestFields } from './render-slowest-fields.ts';
import { renderSubgraphs } from './render-subgraphs.ts';
import { renderWarnings } from './render-warnings.ts';

/** Every section for one answer, in reading order: what is missing, verdict, budget, why, details. */
export function renderDashboard(slis: Slis): HTMLElement[] {
  return [
    ...renderWarnings(slis.warnings ?? []),
    renderSloStatus(slis),
    renderErrorBudget(slis),
    renderBurnRates(slis),
    renderLatencySlos(slis),
    renderSlowestFields(slis),
    renderSubgraphs(slis),
    renderRates(slis),
  ];
}
