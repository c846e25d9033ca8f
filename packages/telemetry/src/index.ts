export { createLabelLimiter } from './create-label-limiter.ts';
export { createLogger, type CreateLoggerOptions, type Logger } from './create-logger.ts';
export { createServiceMetrics, latencyBuckets, type ServiceMetrics } from './create-service-metrics.ts';
