import type { AvailabilitySlo } from './sli-snapshot.ts';
import type { SloConfig } from './slo-config.ts';
import { perWindow, type PerWindow } from './sli-windows.ts';

// The SRE workbook's multi-window, multi-burn-rate alerts: page when the last hour spent 2% of
// the period's budget, open a ticket when the last 6 hours spent 5%. A burn rate of b over a
// window of w hours spends b·w/period of the budget, so the thresholds follow from the period:
// 14.4 and 6 for 30 days.
const PAGE_BUDGET_PERCENT = 2;
const TICKET_BUDGET_PERCENT = 5;

export interface WindowCounts {
  requests: PerWindow<number>;
  failures: PerWindow<number>;
}

/** Burn rates, alerts and remaining budget from request and failure counts per window. */
export function computeAvailabilitySlo({ requests, failures }: WindowCounts, config: SloConfig): AvailabilitySlo {
  const { objective } = config.availability;
  const burnRates = perWindow((window) =>
    requests[window] > 0 ? failures[window] / requests[window] / (1 - objective) : 0,
  );
  const periodHours = config.windowDays * 24;
  const thresholds = {
    page: (PAGE_BUDGET_PERCENT * periodHours) / 100,
    ticket: (TICKET_BUDGET_PERCENT * periodHours) / (100 * 6),
  };
  return {
    objective,
    burnRates,
    alerts: {
      page: burnRates['1h'] > thresholds.page && burnRates['5m'] > thresholds.page,
      ticket: burnRates['6h'] > thresholds.ticket && burnRates['30m'] > thresholds.ticket,
    },
    thresholds,
    // The recorder holds 6 h, not the whole period: this is the budget left of those 6 h, which
    // equals the period's budget left if the last 6 h were typical of it. Prometheus has the rest.
    errorBudgetRemaining: 1 - burnRates['6h'],
  };
}
