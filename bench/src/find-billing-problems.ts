import { wrongAnswers } from './measure-endpoint.ts';
import type { MeasuredConfiguration } from './write-billing-report.ts';

/**
 * What went wrong in a run, one line each (empty when nothing did): wrong answers; metering that
 * differs from what the gateway let through, misses an answer, or happened with enforcement off;
 * a Redis that ran fewer scripts than the Redis configuration answered requests (the limiter
 * fails open, so that is how buckets silently not in Redis show).
 */
export function findBillingProblems(configurations: readonly MeasuredConfiguration[], scriptCalls: number): string[] {
  const problems: string[] = [];
  for (const { label, baseline, summary, served, metering: m } of configurations) {
    const f = summary.pooled;
    if (wrongAnswers(f) > 0) problems.push(`${label}: some responses were wrong; see the table`);
    if (baseline && m.billed !== 0) problems.push(`${label}: billing counted ${m.billed} requests with enforcement off`);
    if (!baseline && m.billed !== m.admitted) problems.push(`${label}: billing counted ${m.billed} requests, the gateway let ${m.admitted ?? 'none'} through`);
    if (!baseline && m.billed < served.answered) problems.push(`${label}: billing counted ${m.billed} requests, fewer than the ${served.answered} answered`);
    // The usage query may count itself (see Metering), never more.
    if (!baseline && (m.usage < m.billed || m.usage > m.billed + 1)) problems.push(`${label}: usage { requests } said ${m.usage}, billing counted ${m.billed}`);
  }
  const withRedis = configurations.find(({ env }) => env['REDIS_URL'] !== undefined);
  if (withRedis && scriptCalls < withRedis.summary.pooled.requests) {
    problems.push(`${withRedis.label}: Redis ran ${scriptCalls} scripts for ${withRedis.summary.pooled.requests} requests: its buckets were not all in Redis`);
  }
  return problems;
}
