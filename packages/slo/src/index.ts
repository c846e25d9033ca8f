export { createSliRecorder, type SliRecorder, type SliRecorderOptions, type WebhookOutcome } from './create-sli-recorder.ts';
export { loadSloConfig } from './load-slo-config.ts';
export { DEFAULT_SLO_CONFIG, parseSloConfig, type SloConfig } from './slo-config.ts';
export { MAX_LATENCY_MS, MIN_LATENCY_MS, RELATIVE_ERROR } from './latency-bins.ts';
export { OTHER_KEY } from './key-table.ts';
export type { AvailabilitySlo, LatencySloStatus, LatencySummary, SliSnapshot } from './sli-snapshot.ts';
export { WINDOWS, type PerWindow, type WindowName } from './sli-windows.ts';
