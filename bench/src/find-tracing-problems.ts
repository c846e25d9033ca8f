import type { MeasuredTracing } from './write-tracing-report.ts';

/**
 * What went wrong in a run, one line each (empty when nothing did): wrong answers in any run
 * (warm-ups and settling runs included); spans or traced requests from a stack tracing nothing;
 * a tracing stack that traced or exported nothing, so that its figures measured no tracing; a
 * sink whose scan disagreed with a parse of the same export.
 */
export function findTracingProblems(configurations: readonly MeasuredTracing[]): string[] {
  const problems: string[] = [];
  for (const { label, sampleRate, served, traced, sink } of configurations) {
    if (served.wrong > 0) problems.push(`${label}: ${served.wrong} responses were wrong (status, body, errors or timeouts); see the table`);
    if (sampleRate === 0 && (sink.spans > 0 || traced.traced > 0)) problems.push(`${label}: tracing off, yet ${traced.traced} requests traced and ${sink.spans} spans exported`);
    if (sampleRate > 0 && (sink.spans === 0 || traced.traced === 0)) problems.push(`${label}: sampling ${sampleRate}, yet ${traced.traced} requests traced and ${sink.spans} spans exported`);
    if (sink.miscounted > 0) problems.push(`${label}: the sink's span count differed from a parse of the same export in ${sink.miscounted} of ${sink.checked} exports checked`);
  }
  return problems;
}
