export { createLimitsCache, hardLimit, type Allowance, type CachedLimits, type LimitsCache, type LimitsCacheOptions, type ProjectLimits } from './create-limits-cache.ts';
