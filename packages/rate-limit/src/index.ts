export { createRateLimiter } from './create-rate-limiter.ts';
export type { RateLimitDecision, RateLimiter, RateLimitRule } from './rate-limiter.ts';
export type { RateLimiterOptions } from './rate-limiter-options.ts';
