/**
 * How one delivery attempt ends: `failed` schedules another attempt, `dead` makes a dead letter
 * (the last attempt failed, the webhook is disabled, or the plan's quota refused it). The only
 * label values of the webhook metrics and the keys of `readWebhookOutcomes`' counts.
 */
export const attemptOutcomes = ['succeeded', 'failed', 'dead'] as const;

export type AttemptOutcome = (typeof attemptOutcomes)[number];
