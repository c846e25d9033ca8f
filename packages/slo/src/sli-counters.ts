// Positions of the plain counters in each counter-ring bucket.

export const REQUESTS = 0;
export const REQUEST_ERRORS = 1;
export const AUTH_SUCCEEDED = 2;
export const AUTH_FAILED = 3;
export const ADMITTED = 4;
export const THROTTLED = 5;
export const WEBHOOK_SUCCEEDED = 6;
export const WEBHOOK_FAILED = 7;
export const WEBHOOK_DEAD = 8;

export const COUNTER_COUNT = 9;
