import type { PerWindow, WindowName } from './sli-windows.ts';

/** Latency of one operation, subgraph or field over the latency window (1 h), in ms. */
export interface LatencySummary {
  count: number;
  /** Observations reported as failed. */
  errors: number;
  /** Estimates within RELATIVE_ERROR (5%) of the exact nearest-rank percentiles. */
  p50: number;
  p95: number;
  p99: number;
}

export interface AvailabilitySlo {
  objective: number;
  /** (failed / requests in the window) / (1 - objective); 0 for a window without requests. */
  burnRates: PerWindow<number>;
  alerts: {
    /** 1 h and 5 m burn both above `thresholds.page` (14.4 for a 30-day window). */
    page: boolean;
    /** 6 h and 30 m burn both above `thresholds.ticket` (6 for a 30-day window). */
    ticket: boolean;
  };
  /** Burn rates at which the alerts fire, derived from `windowDays`. */
  thresholds: { page: number; ticket: number };
  /** 1 - burn over 6 h: the share of the 6 h budget left (negative once overspent). See README. */
  errorBudgetRemaining: number;
}

export interface LatencySloStatus {
  targetP95Ms: number;
  /** Null when the operation saw no request in the latency window. */
  p95Ms: number | null;
  /** p95 at or under target; true when there was nothing to measure. */
  met: boolean;
}

/** What `/slis` serves: plain JSON, recomputed from the recorder's buckets on every call. */
export interface SliSnapshot {
  /** ISO 8601, from the recorder's clock. */
  generatedAt: string;
  windows: WindowName[];
  /** Share of requests that succeeded; null when the window saw no request. */
  availability: PerWindow<number | null>;
  /** Successful / all authentications; null without any. */
  authSuccessRate: PerWindow<number | null>;
  /** Throttled / (admitted + throttled) requests; null without any. */
  throttleRate: PerWindow<number | null>;
  /** Succeeded / all delivery attempts (succeeded, failed, dead); null without any. */
  webhookSuccessRate: PerWindow<number | null>;
  /** Dead / finished deliveries (succeeded + dead); null without any. */
  deadLetterRate: PerWindow<number | null>;
  latency: {
    window: WindowName;
    operations: Record<string, LatencySummary>;
    subgraphs: Record<string, LatencySummary>;
    fields: Record<string, LatencySummary>;
  };
  slo: {
    availability: AvailabilitySlo;
    /** Every operation with an override or traffic in the latency window. */
    latency: Record<string, LatencySloStatus>;
  };
  /** Up to 10 fields by p95 over the latency window, slowest first. */
  slowestFields: { typeField: string; p95: number }[];
}
