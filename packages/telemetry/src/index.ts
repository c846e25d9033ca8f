export { createLabelLimiter } from './create-label-limiter.ts';
export { createLogger, type CreateLoggerOptions, type Logger } from './create-logger.ts';
export { createServiceMetrics, latencyBuckets, type ServiceMetrics } from './create-service-metrics.ts';
export { startTracing, type StartTracingOptions, type Tracing } from './tracing/start-tracing.ts';
export { isTraceSampled, traceServerRequest, type TraceServerRequestOptions } from './tracing/trace-server-request.ts';
export { reportOutages, type OutageSource, type ReportOutagesOptions } from './report-outages.ts';
